//! Summaries of repeated measurements: median and interquartile spread.

/// The summary of one library's samples for one case (rates: higher is faster).
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    /// The median rate.
    pub median: f64,
    /// The lowest rate seen.
    pub min: f64,
    /// The highest rate seen.
    pub max: f64,
    /// Half the interquartile range, relative to the median (0.02 = ±2 %).
    pub spread: f64,
}

impl Summary {
    /// Summarises `samples`; `None` if there are none.
    pub fn of(samples: &[f64]) -> Option<Self> {
        let mut sorted: Vec<f64> = samples.iter().copied().filter(|s| s.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let (&min, &max) = (sorted.first()?, sorted.last()?);
        let median = quantile(&sorted, 0.5);
        let iqr = quantile(&sorted, 0.75) - quantile(&sorted, 0.25);
        let spread = if median > 0.0 {
            iqr / 2.0 / median
        } else {
            0.0
        };
        Some(Self {
            median,
            min,
            max,
            spread,
        })
    }
}

/// The `q` quantile of sorted, non-empty `sorted`, interpolating between neighbours.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let last = sorted.len().saturating_sub(1);
    let pos = q * last as f64;
    let below = pos.floor() as usize;
    let above = pos.ceil() as usize;
    let (lo, hi) = (sorted.get(below), sorted.get(above.min(last)));
    match (lo, hi) {
        (Some(lo), Some(hi)) => lo + (hi - lo) * (pos - below as f64),
        _ => f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_spread_of_odd_and_even_counts() {
        let s = Summary::of(&[5.0, 1.0, 3.0, 2.0, 4.0]).expect("summary");
        assert_eq!((s.min, s.median, s.max), (1.0, 3.0, 5.0));
        // Quartiles 2 and 4: half the range is 1, a third of the median.
        assert!((s.spread - 1.0 / 3.0).abs() < 1e-12);
        let s = Summary::of(&[4.0, 1.0, 3.0, 2.0]).expect("summary");
        assert_eq!(s.median, 2.5);
    }

    #[test]
    fn nothing_to_summarise() {
        assert!(Summary::of(&[]).is_none());
        assert!(Summary::of(&[f64::NAN]).is_none());
        let one = Summary::of(&[7.0]).expect("summary");
        assert_eq!((one.median, one.spread), (7.0, 0.0));
    }
}
