//! Terminal tables: the column widths come from the content and the terminal's width, the cell
//! text is wrapped by Japanese line-breaking rules ([`text::wrap`]) before comfy-table draws it,
//! so that no line of a cell starts with 、 or 」 and no state label breaks mid-word.

use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table, presets};

use crate::text;

/// How a column takes the room there is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// As wide as its widest line: ids, counts, dates, state labels.
    Fixed,
    /// Wrapped to share what is left: titles, texts.
    Wrap,
}

/// One column: its header, how it fits, whether its cells are right-aligned.
#[derive(Clone, Debug)]
pub struct Col {
    pub header: String,
    pub fit: Fit,
    pub right: bool,
}

impl Col {
    pub fn fixed(header: impl Into<String>) -> Self {
        Self {
            header: header.into(),
            fit: Fit::Fixed,
            right: false,
        }
    }

    pub fn wrap(header: impl Into<String>) -> Self {
        Self {
            header: header.into(),
            fit: Fit::Wrap,
            right: false,
        }
    }

    pub fn right(mut self) -> Self {
        self.right = true;
        self
    }
}

/// A cell's text and how it is drawn.
#[derive(Clone, Debug, Default)]
pub struct Text {
    pub text: String,
    pub color: Option<Color>,
    pub bold: bool,
}

impl Text {
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    pub fn color(mut self, c: Option<Color>) -> Self {
        self.color = c;
        self
    }

    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
}

/// The widest line of a text.
fn widest(s: &str) -> usize {
    s.lines().map(text::width).max().unwrap_or(0)
}

/// The widest unbreakable run of a text (a Latin word, a number): a wrapped column is not made
/// narrower than this when it can be helped.
fn longest_word(s: &str) -> usize {
    s.split(|c: char| c.is_whitespace() || text::char_width(c) == 2)
        .map(text::width)
        .max()
        .unwrap_or(0)
}

/// The content widths of the columns for a table `width` columns wide (borders and padding take
/// three columns per column, and one).
pub fn widths(cols: &[Col], rows: &[Vec<Text>], width: usize) -> Vec<usize> {
    let n = cols.len();
    let cells: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| widest(&c.text))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let avail = width.saturating_sub(3 * n + 1);
    let whole: Vec<usize> = (0..n)
        .map(|i| cells[i].max(widest(&cols[i].header)).max(1))
        .collect();
    if whole.iter().sum::<usize>() <= avail {
        return whole;
    }
    // Short of room, a header may take two lines rather than widen a column of short values;
    // never inside a year, a date or a number (「2024 / 年度」).
    let no_labels = crate::render::report::Labels::new([]);
    let natural: Vec<usize> = (0..n)
        .map(|i| {
            let header = widest(&cols[i].header);
            let token = crate::render::report::unbreakable(&cols[i].header, &no_labels)
                .into_iter()
                .filter_map(|(a, b)| cols[i].header.get(a..b))
                .map(text::width)
                .max()
                .unwrap_or(0);
            let half = text::wrap(&cols[i].header, header.div_ceil(2).max(4).max(token))
                .iter()
                .map(|l| text::width(l))
                .max()
                .unwrap_or(0);
            let header = if text::wrap(&cols[i].header, half).len() <= 2 {
                half
            } else {
                header
            };
            cells[i].max(header).max(1)
        })
        .collect();
    let fixed: usize = (0..n)
        .filter(|i| cols[*i].fit == Fit::Fixed)
        .map(|i| natural[i])
        .sum();
    let wrap: Vec<usize> = (0..n).filter(|i| cols[*i].fit == Fit::Wrap).collect();
    // Each wrapped column's floor, measured once: it reads every cell of the column.
    let floors: Vec<usize> = (0..n)
        .map(|i| {
            if cols[i].fit != Fit::Wrap {
                return 0;
            }
            let word = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| longest_word(&c.text))
                .chain(std::iter::once(longest_word(&cols[i].header)))
                .max()
                .unwrap_or(0)
                .min(16);
            natural[i].min(word.max(8))
        })
        .collect();
    let floor = |i: usize| floors[i];
    let mut out = natural.clone();
    let minimum: usize = wrap.iter().map(|i| floor(*i)).sum();
    let room = avail.saturating_sub(fixed);
    if room <= minimum {
        // Not even the floors fit: share what there is, down to a few columns each.
        let each = (room / wrap.len().max(1)).max(4);
        for i in &wrap {
            out[*i] = floor(*i).min(each);
        }
        return out;
    }
    // What is above the floors is shared in proportion to what each column would like more.
    let extra = room - minimum;
    let wants: usize = wrap.iter().map(|i| natural[*i] - floor(*i)).sum();
    let mut given = 0;
    for (k, i) in wrap.iter().enumerate() {
        let want = natural[*i] - floor(*i);
        let share = if k + 1 == wrap.len() {
            extra - given
        } else {
            extra * want / wants.max(1)
        };
        let share = share.min(want);
        given += share;
        out[*i] = floor(*i) + share;
    }
    out
}

/// The table drawn at `width` when it fits there with its wrapped columns at least `min` wide;
/// `None` where a view is better laid out as a list. The widths are measured once, for both.
pub fn draw_fitting(
    cols: &[Col],
    rows: &[Vec<Text>],
    (width, min): (usize, usize),
    ascii: bool,
    color: bool,
) -> Option<Table> {
    let w = widths(cols, rows, width);
    let total = w.iter().sum::<usize>() + 3 * cols.len() + 1;
    let fits = total <= width
        && cols
            .iter()
            .zip(&w)
            .all(|(c, w)| c.fit == Fit::Fixed || *w >= min);
    fits.then(|| draw_in(cols, rows, &w, ascii, color))
}

/// Draws the table: ASCII or box drawing, colours when asked, each cell wrapped to its column.
pub fn draw(cols: &[Col], rows: &[Vec<Text>], width: usize, ascii: bool, color: bool) -> Table {
    draw_in(cols, rows, &widths(cols, rows, width), ascii, color)
}

/// Draws the table in columns of these content widths.
fn draw_in(cols: &[Col], rows: &[Vec<Text>], w: &[usize], ascii: bool, color: bool) -> Table {
    let mut t = Table::new();
    t.load_style(if ascii {
        presets::ASCII_FULL_CONDENSED
    } else {
        presets::UTF8_FULL_CONDENSED
    })
    // The text is wrapped already: comfy-table must not wrap it again.
    .set_content_arrangement(ContentArrangement::Disabled);
    if color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t.set_header(
        cols.iter()
            .zip(w)
            .map(|(c, w)| Cell::new(text::wrapped(&c.header, *w))),
    );
    for row in rows {
        let cells = row.iter().zip(cols).zip(w).map(|((c, col), w)| {
            let mut cell = Cell::new(text::wrapped(&c.text, *w));
            if col.right {
                cell = cell.set_alignment(CellAlignment::Right);
            }
            if let (true, Some(fg)) = (color, c.color) {
                cell = cell.fg(fg);
            }
            if c.bold {
                cell = cell.add_attribute(Attribute::Bold);
            }
            cell
        });
        t.add_row(cells);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_columns_keep_their_width_and_wrapped_ones_share_the_rest() {
        let cols = [Col::fixed("ID"), Col::wrap("小項目"), Col::fixed("状態")];
        let rows = vec![vec![
            Text::new("1-1-1"),
            Text::new("五号館における拡充スペースへの対応、執務室のオフィス環境の改善"),
            Text::new("△ 期限超過・未報告"),
        ]];
        let w = widths(&cols, &rows, 50);
        assert_eq!(w[0], 5);
        assert_eq!(w[2], text::width("△ 期限超過・未報告"));
        assert_eq!(w.iter().sum::<usize>() + 3 * 3 + 1, 50);
        let drawn = draw(&cols, &rows, 50, false, false).to_string();
        let line_widths: Vec<usize> = drawn.lines().map(text::width).collect();
        assert!(line_widths.iter().all(|w| *w == line_widths[0]), "{drawn}");
        assert!(line_widths[0] <= 50, "{drawn}");
        for line in drawn.lines() {
            assert!(!line.contains("┆ 、") && !line.contains("│ 、"), "{drawn}");
        }
    }
}
