//! Points (x, y) from a CSV file: comma, semicolon or tab separated (the first line decides), a header
//! line optional (a first line that is not all numbers is one), two columns — or, with a header and
//! more columns, the two named. Rows may come in any order, with gaps and repeated x. Every refusal names
//! the line and the value; nothing is half-read.

use super::source::MAX_GIVEN_POINTS;
use std::path::Path;

/// The separator the first non-empty line uses most: ',', ';' or a tab.
fn sniff_separator(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&c| first.bytes().filter(|&b| b == c).count())
        .filter(|&c| first.as_bytes().contains(&c))
        .unwrap_or(b',')
}

/// Reads the points of a CSV text; `columns` names the x and y columns of a file with a header.
pub fn read_points(text: &str, columns: Option<(&str, &str)>) -> Result<Vec<[f64; 2]>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_separator(text))
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut picks = (0, 1);
    let mut points = Vec::new();
    let mut first = true;
    for record in reader.records() {
        let record = record.map_err(|e| format!("cannot read the CSV: {e}"))?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if first {
            first = false;
            let header = record.iter().any(|v| v.parse::<f64>().is_err());
            if header {
                picks = pick_columns(&record, columns)?;
                continue;
            }
            if let Some((x, y)) = columns {
                return Err(format!(
                    "columns '{x}' and '{y}' were asked for, but the file has no header line naming them"
                ));
            }
        }
        if points.len() == MAX_GIVEN_POINTS {
            return Err(format!(
                "the file has more than {MAX_GIVEN_POINTS} rows of points"
            ));
        }
        let value = |index: usize, name: &'static str| -> Result<f64, String> {
            let text = record.get(index).ok_or_else(|| {
                format!(
                    "line {line}: expected {} values, found {}",
                    index + 1,
                    record.len()
                )
            })?;
            let v: f64 = text
                .parse()
                .map_err(|_| format!("line {line}: '{}' is not a number", shown(text)))?;
            if v.is_nan() {
                return Err(format!("line {line}: {name} is NaN"));
            }
            if v.is_infinite() {
                return Err(format!("line {line}: {name} is infinite"));
            }
            crate::limits::POINT_VALUE
                .named(name)
                .check(v)
                .map_err(|e| format!("line {line}: {e}; rescale the data"))?;
            Ok(v)
        };
        points.push([value(picks.0, "x")?, value(picks.1, "y")?]);
    }
    if points.is_empty() {
        return Err("the file holds no points (x, y)".into());
    }
    Ok(points)
}

/// A value from the file as a message shows it: on one line (control characters escaped), at most 40
/// characters.
fn shown(text: &str) -> String {
    crate::files::read::quoted(text, 40)
}

/// The indexes of the x and y columns in a header: the two named, or the first two.
fn pick_columns(
    header: &csv::StringRecord,
    columns: Option<(&str, &str)>,
) -> Result<(usize, usize), String> {
    let Some((x, y)) = columns else {
        return Ok((0, 1));
    };
    let names: Vec<&str> = header.iter().collect();
    let find = |name: &str| {
        names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                let names: Vec<String> = names.iter().map(|n| shown(n)).collect();
                format!(
                    "no column '{}' in the header (it has: {})",
                    shown(name),
                    names.join(", ")
                )
            })
    };
    Ok((find(x)?, find(y)?))
}

/// Reads the points of the CSV file at `path`.
pub fn load_points(path: &Path, columns: Option<(&str, &str)>) -> Result<Vec<[f64; 2]>, String> {
    load_points_cancellable(path, columns, None)
}

/// [`load_points`], stopping early once `cancel` is set (the window's Cancel).
pub fn load_points_cancellable(
    path: &Path,
    columns: Option<(&str, &str)>,
    cancel: Option<&std::sync::atomic::AtomicBool>,
) -> Result<Vec<[f64; 2]>, String> {
    use crate::files::read::{Kind, read_file};
    let bytes = read_file(path, Kind::Points, cancel)?;
    let text = String::from_utf8_lossy(&bytes);
    read_points(&text, columns).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_or_not_and_every_separator() {
        let expected = vec![[0.0, 1.0], [2.5, -3.0]];
        for text in [
            "0,1\n2.5,-3\n",
            "x,y\n0,1\n2.5,-3\n",
            "x;y\n0;1\n2.5;-3",
            "x\ty\n0\t1\n\n2.5\t-3\n",
            " 0 , 1 \r\n2.5,-3\r\n",
        ] {
            assert_eq!(read_points(text, None).unwrap(), expected, "{text:?}");
        }
    }

    #[test]
    fn named_columns_are_picked_from_a_wider_file() {
        let text = "t,volts,amps\n1,2,3\n4,5,6\n";
        assert_eq!(
            read_points(text, Some(("t", "amps"))).unwrap(),
            vec![[1.0, 3.0], [4.0, 6.0]]
        );
        assert!(
            read_points(text, Some(("t", "watts")))
                .unwrap_err()
                .contains("no column 'watts'")
        );
        assert!(
            read_points("1,2\n", Some(("x", "y")))
                .unwrap_err()
                .contains("no header")
        );
    }

    #[test]
    fn bad_lines_are_named_and_nothing_is_half_read() {
        let mut text = String::from("x,y\n");
        for i in 0..15 {
            text += &format!("{i},{i}\n");
        }
        text += "abc,1\n";
        assert_eq!(
            read_points(&text, None).unwrap_err(),
            "line 17: 'abc' is not a number"
        );
        assert_eq!(
            read_points("1,2\n3,NaN\n", None).unwrap_err(),
            "line 2: y is NaN"
        );
        assert_eq!(
            read_points("1,2\n2,1e300\n", None).unwrap_err(),
            "line 2: y must be between -1e6 and 1e6 (got 1e300); rescale the data"
        );
        assert_eq!(
            read_points("1,2\ninf,3\n", None).unwrap_err(),
            "line 2: x is infinite"
        );
        assert!(
            read_points("1,2\n3\n", None)
                .unwrap_err()
                .starts_with("line 2: expected 2 values")
        );
        assert!(read_points("", None).unwrap_err().contains("no points"));
        assert!(
            read_points("x,y\n", None)
                .unwrap_err()
                .contains("no points")
        );
    }

    #[test]
    fn unsorted_rows_duplicates_and_a_hundred_thousand_rows_are_fine() {
        assert_eq!(
            read_points("3,1\n1,2\n1,5\n", None).unwrap(),
            vec![[3.0, 1.0], [1.0, 2.0], [1.0, 5.0]]
        );
        let big: String = (0..100_000).map(|i| format!("{i},{}\n", i % 7)).collect();
        assert_eq!(read_points(&big, None).unwrap().len(), 100_000);
        let too_big = big + "1,1\n";
        assert!(
            read_points(&too_big, None)
                .unwrap_err()
                .contains("more than 100000")
        );
    }
}
