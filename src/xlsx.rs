//! The master list and the records list as Excel workbooks, for quality
//! staff who work in Excel: a frozen, bold header row, columns as wide as
//! their contents, dates as real dates and counts as numbers.

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook};
use unicode_width::UnicodeWidthStr;

/// A sheet's name as Excel allows it: at most 31 characters, cut after a
/// whole word where there are words, none of `[]:*?/\`, and not empty. A
/// name too long is cut before its ` of …` where it has one ("Master list
/// of controlled documents" is "Master list"), so that it does not end in
/// the middle of a phrase.
fn sheet_name(name: &str) -> String {
    let all: Vec<char> = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .collect();
    let mut name: String = all.iter().take(31).collect();
    if all.len() > 31
        && let Some(of) = name.find(" of ").filter(|&at| at > 0)
    {
        name.truncate(of);
    } else if all.get(31).is_some_and(|c| !c.is_whitespace())
        && let Some(space) = name.rfind(' ')
    {
        name.truncate(space);
    }
    match name.trim() {
        "" => "Sheet1".to_owned(),
        name => name.trim_matches('\'').to_owned(),
    }
}

/// Makes a workbook of one sheet holding a table. `date` is written as the
/// workbook's creation date, so that the same table gives the same bytes.
/// A cell that is `overdue` (a label such as `{date}（已逾期）`) filled in
/// with a date is that date, shown as the label in red.
pub fn table(
    sheet: &str,
    headings: &[String],
    rows: &[Vec<String>],
    date: NaiveDate,
    overdue: &str,
) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let created = as_date(&date.to_string()).context("a build date Excel can hold")?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let header = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin)
        .set_background_color("#EEEEEE");
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let overdue = overdue
        .split_once("{date}")
        .filter(|(before, after)| !before.is_empty() || !after.is_empty());
    let overdue_format = overdue.map(|(before, after)| {
        let quoted = |s: &str| match s.is_empty() {
            true => String::new(),
            // A quote in it closes the text, is written escaped, and opens it again.
            false => format!("\"{}\"", s.replace('"', "\"\\\"\"")),
        };
        Format::new()
            .set_num_format(format!("{}yyyy-mm-dd{}", quoted(before), quoted(after)))
            .set_font_color("#C00000")
    });
    let page = book.add_worksheet();
    page.set_name(sheet_name(sheet))?;
    for (col, heading) in headings.iter().enumerate() {
        page.write_string_with_format(0, col as u16, heading, &header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            let col = col as u16;
            let late = overdue.and_then(|(before, after)| {
                as_date(cell.strip_prefix(before)?.strip_suffix(after)?)
            });
            if let (Some(day), Some(format)) = (late, &overdue_format) {
                page.write_datetime_with_format(r, col, day, format)?;
            } else if let Some(day) = as_date(cell) {
                page.write_datetime_with_format(r, col, day, &date_format)?;
            } else if let Some(n) = as_count(cell) {
                page.write_number(r, col, n)?;
            } else {
                page.write_string(r, col, crate::escape::plain(cell))?;
            }
        }
    }
    page.set_freeze_panes(1, 0)?;
    for (col, heading) in headings.iter().enumerate() {
        let widest = std::iter::once(heading.as_str())
            .chain(rows.iter().filter_map(|r| r.get(col).map(String::as_str)))
            .map(|s| s.width())
            .max()
            .unwrap_or(8);
        // Excel's width unit is about one Latin character; a Chinese one
        // counts two, as `width()` does. Room for the filter button and a margin.
        page.set_column_width(col as u16, (widest as f64 + 3.0).min(60.0))?;
    }
    book.save_to_buffer().context("failed to make a workbook")
}

/// A cell that is a date as ctrldoc writes them, YYYY-MM-DD.
fn as_date(cell: &str) -> Option<ExcelDateTime> {
    if cell.len() != 10 {
        return None;
    }
    let day = NaiveDate::parse_from_str(cell, "%Y-%m-%d").ok()?;
    ExcelDateTime::from_ymd(
        u16::try_from(day.year()).ok()?,
        day.month() as u8,
        day.day() as u8,
    )
    .ok()
}

/// A cell that is a count: digits only, without a leading zero (a copy
/// number like `01` stays text).
fn as_count(cell: &str) -> Option<f64> {
    let is_count = !cell.is_empty()
        && cell.bytes().all(|b| b.is_ascii_digit())
        && (cell == "0" || !cell.starts_with('0'))
        && cell.len() < 10;
    is_count.then(|| cell.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_counts_are_recognised_and_codes_are_not() {
        assert!(as_date("2016-09-01").is_some());
        assert!(as_date("2016-02-30").is_none());
        assert!(as_date("QR-XS-001").is_none());
        assert_eq!(as_count("12"), Some(12.0));
        assert_eq!(as_count("01"), None);
        assert_eq!(as_count("A/0"), None);
    }

    #[test]
    fn sheet_names_fit_excel() {
        assert_eq!(
            sheet_name("Master list of controlled documents"),
            "Master list"
        );
        assert_eq!(
            sheet_name("Register of records kept by each department"),
            "Register"
        );
        assert_eq!(
            sheet_name("Records kept by each department of the company"),
            "Records kept by each department"
        );
        assert_eq!(sheet_name("记录清单"), "记录清单");
        assert_eq!(sheet_name(&"表".repeat(40)), "表".repeat(31));
        assert_eq!(sheet_name("a/b: [c]?"), "ab c");
        assert_eq!(sheet_name("//"), "Sheet1");
    }
}
