//! Resolves raw arguments and the environment into settings for a run.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Datelike, Local, NaiveDate, NaiveDateTime};

use crate::cli::CliArgs;

/// Settings of one run, resolved and checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// The document set's root.
    pub root: PathBuf,
    /// Where outputs go.
    pub output: PathBuf,
    /// Whether system fonts may be used.
    pub system_fonts: bool,
    /// How many outputs to compile at once.
    pub jobs: usize,
    /// The timestamp of every PDF when `SOURCE_DATE_EPOCH` is set.
    pub epoch: Option<NaiveDateTime>,
    /// The day the run takes for today when `CTRLDOC_TODAY` is set.
    pub as_of: Option<NaiveDate>,
}

impl Config {
    /// Resolves the arguments and `SOURCE_DATE_EPOCH`.
    pub fn new(args: &CliArgs) -> Result<Self> {
        let root = match &args.root {
            Some(root) => root.clone(),
            None => std::env::current_dir().context("failed to read the current folder")?,
        };
        if !root.is_dir() {
            bail!("`{}` is not a folder", root.display());
        }
        let jobs = match args.jobs {
            Some(0) => bail!("`--jobs` must be at least 1"),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        let epoch = match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(value) => Some(parse_epoch(&value)?),
            Err(_) => None,
        };
        let as_of = as_of()?;
        Ok(Self {
            output: root.join("output"),
            root,
            system_fonts: args.system_fonts,
            jobs,
            epoch,
            as_of,
        })
    }
}

impl Config {
    /// The day of the run: today's by this machine's clock and time zone,
    /// or `CTRLDOC_TODAY`'s. Records are dated with it unless told a date,
    /// and what is in force is read as of it: a version approved to take
    /// effect on a day is in force from that day's midnight here.
    /// `SOURCE_DATE_EPOCH` has no say: it is often set to a fixed day long
    /// past, only to stamp files alike.
    pub fn today(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(|| Local::now().date_naive())
    }

    /// The day a build's audit report is as of: `SOURCE_DATE_EPOCH`'s, so
    /// that a reproducible build gives the same bytes on any day, else the
    /// day of the run, the one what is in force is read as of.
    pub fn report_date(&self) -> NaiveDate {
        self.epoch.map_or_else(|| self.today(), |e| e.date())
    }
}

/// The day `CTRLDOC_TODAY` gives, if it gives one.
fn as_of() -> Result<Option<NaiveDate>> {
    match std::env::var("CTRLDOC_TODAY") {
        Ok(value) => Ok(Some(parse_day(&value).context("in `CTRLDOC_TODAY`")?)),
        Err(_) => Ok(None),
    }
}

/// Today, as every command takes it: `CTRLDOC_TODAY`'s day, else this
/// machine's.
pub fn today() -> Result<NaiveDate> {
    Ok(as_of()?.unwrap_or_else(|| Local::now().date_naive()))
}

/// A day written YYYY-MM-DD, of a year from 1 to 9999: the years a PDF,
/// and Typst, can be dated with.
pub fn parse_day(value: &str) -> Result<NaiveDate> {
    let value = value.trim();
    if let Err(short) = crate::model::day::parse::<serde::de::value::Error>(value)
        && short.to_string().starts_with(crate::model::day::SHORT_YEAR)
    {
        match value.find('-') {
            Some(2) => bail!("{short}: write it in four, `20{value}`?"),
            _ => bail!("{short}: write it in four, as YYYY-MM-DD"),
        }
    }
    let day = NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .filter(|_| value.starts_with(|c: char| c.is_ascii_digit()))
        .with_context(|| {
            match (
                crate::loader::why_not_a_date(value),
                crate::loader::written_otherwise(value),
            ) {
                (Some(why), _) => format!("`{value}` is not a date: {why}"),
                (None, Some(day)) => format!("`{value}` is not written as YYYY-MM-DD: `{day}`?"),
                (None, None) => format!("`{value}` is not a date: write YYYY-MM-DD"),
            }
        })?;
    if !(1..=9999).contains(&day.year()) {
        bail!("`{value}` is out of range: a PDF is dated from year 1 to 9999");
    }
    Ok(day)
}

fn parse_epoch(value: &str) -> Result<NaiveDateTime> {
    let seconds: i64 = value
        .trim()
        .parse()
        .with_context(|| format!("`SOURCE_DATE_EPOCH={value}` is not a number of seconds"))?;
    // Typst's dates, and so the PDFs', run from year 1 to 9999.
    match DateTime::from_timestamp(seconds, 0) {
        Some(time) if (1..=9999).contains(&time.year()) => Ok(time.naive_utc()),
        _ => {
            bail!("`SOURCE_DATE_EPOCH={value}` is out of range: a PDF is dated from year 1 to 9999")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_seconds_since_1970_in_utc() {
        assert_eq!(
            parse_epoch("1472688000").unwrap().to_string(),
            "2016-09-01 00:00:00"
        );
        assert!(parse_epoch("yesterday").is_err());
        // Year 10000, which Typst cannot date a PDF with.
        assert!(parse_epoch("253402300800").is_err());
        assert!(parse_epoch("253402300799").is_ok());
    }

    #[test]
    fn today_is_a_day() {
        assert_eq!(parse_day("2999-01-02").unwrap().to_string(), "2999-01-02");
        assert!(parse_day("2999-02-30").is_err());
        assert!(parse_day("tomorrow").is_err());
        // Chrono would read the year 26.
        assert_eq!(
            parse_day("26-12-08").unwrap_err().to_string(),
            "the year of `26-12-08` is written in 2 digits: write it in four, `2026-12-08`?"
        );
        assert!(parse_day("216-12-08").is_err());
        assert_eq!(
            parse_day("2016年10月15日").unwrap_err().to_string(),
            "`2016年10月15日` is not written as YYYY-MM-DD: `2016-10-15`?"
        );
    }
}
