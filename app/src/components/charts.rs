//! Charts as SVG markup, built from the same numbers as the table beside them: horizontal bars,
//! stacked bars and lines. The markup is a plain string (rendered by the server, so a chart
//! shows before the wasm loads, and printed as it is); the data table next to each chart is
//! what a screen reader reads, so the SVG is one labelled image.
//!
//! The palette keeps the series apart in greyscale too: each series has a clearly different
//! lightness, and stacked segments are separated by a white line and named in a legend.

use std::fmt::Write;

/// Series colours, dark to light (blue, orange, grey-green, pale blue): distinct hues for
/// colour vision and distinct lightness for greyscale printing.
pub const PALETTE: [&str; 4] = ["#1f4e9c", "#d9822b", "#7a9a7e", "#b9cde8"];

const WIDTH: u32 = 640;
const LABEL_WIDTH: u32 = 190;
const VALUE_WIDTH: u32 = 60;
const BAR_HEIGHT: u32 = 18;
const ROW_HEIGHT: u32 = 26;
const TOP: u32 = 8;

/// Escapes text for SVG content and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

fn open_svg(out: &mut String, height: u32, label: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="{}" focusable="false">"#,
        escape(label)
    );
}

/// Horizontal bars, one per row, each with its label and value: the rows' counts compared.
pub fn bar_chart(label: &str, rows: &[(String, u64)]) -> String {
    let height = TOP * 2 + ROW_HEIGHT * rows.len().max(1) as u32;
    let max = rows.iter().map(|(_, value)| *value).max().unwrap_or(0).max(1);
    let span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let mut out = String::new();
    open_svg(&mut out, height, label);
    for (index, (name, value)) in rows.iter().enumerate() {
        let y = TOP + ROW_HEIGHT * index as u32;
        let length = (u64::from(span) * value / max) as u32;
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end" class="chart__label">{}</text><rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="{}"/><text x="{}" y="{}" class="chart__value">{value}</text>"#,
            LABEL_WIDTH - 8,
            y + BAR_HEIGHT - 4,
            escape(name),
            PALETTE[0],
            LABEL_WIDTH + length + 6,
            y + BAR_HEIGHT - 4,
        );
    }
    out.push_str("</svg>");
    out
}

/// Horizontal stacked bars: each row split into the series (at most four), with a legend.
pub fn stacked_bar_chart(label: &str, series: &[String], rows: &[(String, Vec<u64>)]) -> String {
    let legend_height = ROW_HEIGHT;
    let height = TOP * 2 + legend_height + ROW_HEIGHT * rows.len().max(1) as u32;
    let max = rows.iter().map(|(_, values)| values.iter().sum::<u64>()).max().unwrap_or(0).max(1);
    let span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let mut out = String::new();
    open_svg(&mut out, height, label);
    let mut x = LABEL_WIDTH;
    for (index, name) in series.iter().enumerate().take(PALETTE.len()) {
        let _ = write!(
            out,
            r##"<rect x="{x}" y="{TOP}" width="14" height="14" fill="{}" stroke="#333" stroke-width="0.5"/><text x="{}" y="{}" class="chart__label">{}</text>"##,
            PALETTE[index],
            x + 20,
            TOP + 12,
            escape(name)
        );
        x += 20 + 14 * name.chars().count() as u32 + 24;
    }
    for (index, (name, values)) in rows.iter().enumerate() {
        let y = TOP + legend_height + ROW_HEIGHT * index as u32;
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end" class="chart__label">{}</text>"#,
            LABEL_WIDTH - 8,
            y + BAR_HEIGHT - 4,
            escape(name)
        );
        let mut start = LABEL_WIDTH;
        for (series_index, value) in values.iter().enumerate().take(PALETTE.len()) {
            let length = (u64::from(span) * value / max) as u32;
            if length > 0 {
                let _ = write!(
                    out,
                    r##"<rect x="{start}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="{}" stroke="#fff" stroke-width="1"/>"##,
                    PALETTE[series_index]
                );
            }
            start += length;
        }
        let total: u64 = values.iter().sum();
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" class="chart__value">{total}</text>"#,
            start + 6,
            y + BAR_HEIGHT - 4
        );
    }
    out.push_str("</svg>");
    out
}

/// Lines over time: one per series (at most four), the points labelled along the bottom.
pub fn line_chart(label: &str, points: &[String], series: &[(String, Vec<u64>)]) -> String {
    const HEIGHT: u32 = 240;
    const LEFT: u32 = 48;
    const BOTTOM: u32 = 40;
    const LEGEND: u32 = 24;
    let max =
        series.iter().flat_map(|(_, values)| values.iter().copied()).max().unwrap_or(0).max(1);
    let plot_height = HEIGHT - BOTTOM - LEGEND - TOP;
    let plot_width = WIDTH - LEFT - 16;
    let step = if points.len() > 1 { plot_width / (points.len() as u32 - 1) } else { 0 };
    let y_of =
        |value: u64| TOP + LEGEND + plot_height - (u64::from(plot_height) * value / max) as u32;
    let mut out = String::new();
    open_svg(&mut out, HEIGHT, label);
    let axis_y = TOP + LEGEND + plot_height;
    let _ = write!(
        out,
        r##"<line x1="{LEFT}" y1="{axis_y}" x2="{}" y2="{axis_y}" stroke="#555"/><text x="{}" y="{}" text-anchor="end" class="chart__value">{max}</text><text x="{}" y="{axis_y}" text-anchor="end" class="chart__value">0</text>"##,
        LEFT + plot_width,
        LEFT - 6,
        TOP + LEGEND + 10,
        LEFT - 6,
    );
    for (index, point) in points.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle" class="chart__label">{}</text>"#,
            LEFT + step * index as u32,
            axis_y + 18,
            escape(point)
        );
    }
    let mut x = LEFT;
    for (index, (name, values)) in series.iter().enumerate().take(PALETTE.len()) {
        let colour = PALETTE[index];
        // Lines differ by dash as well as colour, for greyscale.
        let dash = ["", "6 3", "2 3", "10 4"][index];
        let path: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, value)| format!("{},{}", LEFT + step * i as u32, y_of(*value)))
            .collect();
        let _ = write!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash}"/><line x1="{x}" y1="{}" x2="{}" y2="{}" stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash}"/><text x="{}" y="{}" class="chart__label">{}</text>"#,
            path.join(" "),
            TOP + 8,
            x + 24,
            TOP + 8,
            x + 30,
            TOP + 12,
            escape(name)
        );
        x += 30 + 14 * name.chars().count() as u32 + 24;
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
        pairs.iter().map(|(name, value)| ((*name).to_owned(), *value)).collect()
    }

    #[test]
    fn bars_are_proportional_to_the_largest_and_labelled() {
        let svg = bar_chart("申立人", &rows(&[("本人", 10), ("市区町村長", 5), ("検察官", 0)]));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"aria-label="申立人""#));
        let span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        assert!(svg.contains(&format!(r#"width="{span}""#)));
        assert!(svg.contains(&format!(r#"width="{}""#, span / 2)));
        assert!(svg.contains(r#"width="0""#));
        assert!(svg.contains(">市区町村長<") && svg.contains(">5<"));
    }

    #[test]
    fn text_is_escaped() {
        let svg = bar_chart("a<b & \"c\"", &rows(&[("<script>", 1)]));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;") && svg.contains("a&lt;b &amp; &quot;c&quot;"));
    }

    #[test]
    fn nothing_to_count_draws_empty_bars_not_a_division_by_zero() {
        let svg = bar_chart("空", &rows(&[("本人", 0)]));
        assert!(svg.contains(r#"width="0""#));
        let svg = stacked_bar_chart("空", &["男".into(), "女".into()], &[]);
        assert!(svg.ends_with("</svg>"));
        let svg = line_chart("空", &[], &[]);
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn stacked_segments_add_up_to_the_row_total() {
        let series = ["男性".to_owned(), "女性".to_owned()];
        let svg = stacked_bar_chart(
            "年齢",
            &series,
            &[("80歳以上".into(), vec![3, 1]), ("20歳未満".into(), vec![0, 2])],
        );
        let span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        assert!(svg.contains(&format!(r#"width="{}""#, span * 3 / 4)));
        assert!(svg.contains(&format!(r#"width="{}""#, span / 4)));
        assert!(svg.contains(">4<") && svg.contains(">2<"));
        assert!(svg.contains(PALETTE[0]) && svg.contains(PALETTE[1]));
    }

    #[test]
    fn lines_run_through_every_point() {
        let svg = line_chart(
            "推移",
            &["4月".into(), "5月".into(), "6月".into()],
            &[("新規".into(), vec![0, 5, 10])],
        );
        assert!(svg.contains("<polyline"));
        let points = svg.split(r#"points=""#).nth(1).unwrap().split('"').next().unwrap();
        assert_eq!(points.split(' ').count(), 3);
        assert!(svg.contains(">6月<"));
    }
}
