//! Whether an indicator is meeting its target: the Cabinet Secretariat's KPI progress classes
//! (「KPIの進捗状況」), computed per series (docs/status.md gives the formula).
//!
//! With a baseline value b in FY t0, a final target g in FY t1 and the latest value v in FY t:
//! progress p = (v − b) / (g − b) and elapsed e = (t − t0) / (t1 − t0) (1 when t1 = t0). A series
//! is `achieved` when v meets g (v ≥ g, or v ≤ g where lower is better; no baseline needed),
//! `worsened` when v has moved away from g past b, `on_track` (class A) when p ≥ e, `behind` (B)
//! when p < e. Without a target or a value up to the as-of FY, or (unless achieved) without a
//! baseline, it `cannot_assess` (N); a qualitative series
//! cannot be assessed by a formula either. An indicator whose measure is its own carrying out is
//! `implementation` (F), assessed from its item's milestones.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Direction, Fy, Indicator, IndicatorKind, Series, SeriesKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Attainment {
    Achieved,
    OnTrack,
    Behind,
    Worsened,
    Implementation,
    CannotAssess,
}

impl Attainment {
    pub const ALL: [Attainment; 6] = [
        Attainment::Achieved,
        Attainment::OnTrack,
        Attainment::Behind,
        Attainment::Worsened,
        Attainment::Implementation,
        Attainment::CannotAssess,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Attainment::Achieved => "achieved",
            Attainment::OnTrack => "on_track",
            Attainment::Behind => "behind",
            Attainment::Worsened => "worsened",
            Attainment::Implementation => "implementation",
            Attainment::CannotAssess => "cannot_assess",
        }
    }

    /// How much it needs attention: the indicator as a whole takes its series' worst.
    fn concern(self) -> u8 {
        match self {
            Attainment::Worsened => 0,
            Attainment::Behind => 1,
            Attainment::CannotAssess => 2,
            Attainment::Implementation => 3,
            Attainment::OnTrack => 4,
            Attainment::Achieved => 5,
        }
    }
}

/// A value and the FY it is of.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Point {
    pub fy: Fy,
    pub value: f64,
}

/// What an assessment rests on, for the views: the numbers of the formula.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Basis {
    pub baseline: Option<Point>,
    pub target: Option<Point>,
    pub latest: Option<Point>,
    /// p and e of the formula, when both could be computed.
    pub progress: Option<f64>,
    pub elapsed: Option<f64>,
}

/// A series' class on `day`, whose FY is `current`: values of later FYs, and values published
/// after the day, do not count yet.
pub fn of_series(s: &Series, day: NaiveDate, current: Fy) -> (Attainment, Basis) {
    let mut basis = Basis {
        baseline: s.baseline.as_ref().map(|b| Point {
            fy: b.fy.value,
            value: b.value.value,
        }),
        target: s.targets.iter().next_back().map(|(fy, v)| Point {
            fy: *fy,
            value: v.value,
        }),
        latest: s
            .values
            .iter()
            .filter(|v| v.fy.value <= current && v.known_on(day))
            .filter_map(|v| {
                v.value.value.number().map(|n| Point {
                    fy: v.fy.value,
                    value: n,
                })
            })
            .max_by_key(|p| p.fy),
        ..Basis::default()
    };
    if s.kind.value == SeriesKind::Text {
        return (Attainment::CannotAssess, basis);
    }
    let better = |x: f64, than: f64| match s.direction.value {
        Direction::Increase => x > than,
        Direction::Decrease => x < than,
    };
    // A relative target (【減少】) has no number: it is met when the latest value has moved the
    // better way from the baseline, worsened when it moved the other way.
    if s.relative {
        return match (basis.baseline, basis.latest) {
            (Some(b), Some(l)) if better(l.value, b.value) => (Attainment::Achieved, basis),
            (Some(b), Some(l)) if better(b.value, l.value) => (Attainment::Worsened, basis),
            _ => (Attainment::CannotAssess, basis),
        };
    }
    let (Some(Point { fy: t1, value: g }), Some(Point { fy: t, value: v })) =
        (basis.target, basis.latest)
    else {
        return (Attainment::CannotAssess, basis);
    };
    // A met target needs no baseline to say so.
    if v == g || better(v, g) {
        return (Attainment::Achieved, basis);
    }
    let Some(Point { fy: t0, value: b }) = basis.baseline else {
        return (Attainment::CannotAssess, basis);
    };
    if better(b, v) {
        return (Attainment::Worsened, basis);
    }
    if g == b {
        // A target equal to the baseline and not met: no share of progress to compare.
        return (Attainment::CannotAssess, basis);
    }
    let progress = (v - b) / (g - b);
    let elapsed = if t1 > t0 {
        (f64::from(t - t0) / f64::from(t1 - t0)).clamp(0.0, 1.0)
    } else {
        1.0
    };
    basis.progress = Some(progress);
    basis.elapsed = Some(elapsed);
    let class = if progress >= elapsed {
        Attainment::OnTrack
    } else {
        Attainment::Behind
    };
    (class, basis)
}

/// An indicator's class: `implementation` for one assessed from its milestones, else the worst of
/// its series (`achieved` only when every series is).
pub fn of_indicator(i: &Indicator, series: &[Attainment]) -> Attainment {
    if i.kind.value == IndicatorKind::Implementation {
        return Attainment::Implementation;
    }
    series
        .iter()
        .copied()
        .min_by_key(|a| a.concern())
        .unwrap_or(Attainment::CannotAssess)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Baseline, SeriesValue, Sp, Val};

    fn series(
        baseline: Option<(Fy, f64)>,
        target: Option<(Fy, f64)>,
        values: &[(Fy, f64)],
    ) -> Series {
        Series {
            baseline: baseline.map(|(fy, v)| Baseline {
                fy: Sp::bare(fy),
                value: Sp::bare(v),
                source: None,
            }),
            targets: target
                .into_iter()
                .map(|(fy, v)| (fy, Sp::bare(v)))
                .collect(),
            values: values
                .iter()
                .map(|(fy, v)| SeriesValue {
                    fy: Sp::bare(*fy),
                    value: Sp::bare(Val::Number(*v)),
                    ..SeriesValue::default()
                })
                .collect(),
            ..Series::default()
        }
    }

    /// The last day of FY `fy`.
    fn day(fy: Fy) -> NaiveDate {
        NaiveDate::from_ymd_opt(fy + 1, 3, 31).expect("a date")
    }

    fn class(s: &Series, current: Fy) -> Attainment {
        of_series(s, day(current), current).0
    }

    #[test]
    fn achieved_at_and_past_the_target() {
        // Baseline 100 (FY2021) to 200 (FY2024).
        let b = Some((2021, 100.0));
        let g = Some((2024, 200.0));
        assert_eq!(
            class(&series(b, g, &[(2022, 200.0)]), 2022),
            Attainment::Achieved
        );
        assert_eq!(
            class(&series(b, g, &[(2022, 250.0)]), 2022),
            Attainment::Achieved
        );
        assert_eq!(
            class(&series(b, g, &[(2022, 199.9)]), 2022),
            Attainment::OnTrack
        );
    }

    #[test]
    fn on_track_exactly_at_the_elapsed_share_and_behind_just_under() {
        let b = Some((2021, 100.0));
        let g = Some((2024, 200.0));
        // FY2022 is one third of the way: p must be at least 1/3.
        let third = 100.0 + 100.0 / 3.0;
        assert_eq!(
            class(&series(b, g, &[(2022, third)]), 2022),
            Attainment::OnTrack
        );
        assert_eq!(
            class(&series(b, g, &[(2022, third - 0.01)]), 2022),
            Attainment::Behind
        );
        // No movement yet at the baseline's own FY: e = 0, p = 0.
        assert_eq!(
            class(&series(b, g, &[(2021, 100.0)]), 2021),
            Attainment::OnTrack
        );
    }

    #[test]
    fn worsened_past_the_baseline_only() {
        let b = Some((2021, 100.0));
        let g = Some((2024, 200.0));
        assert_eq!(
            class(&series(b, g, &[(2022, 99.0)]), 2022),
            Attainment::Worsened
        );
        assert_eq!(
            class(&series(b, g, &[(2022, 100.0)]), 2022),
            Attainment::Behind
        );
    }

    #[test]
    fn lower_is_better_turns_every_comparison() {
        let mut s = series(Some((2021, 50.0)), Some((2024, 20.0)), &[(2022, 40.0)]);
        s.direction = Sp::bare(Direction::Decrease);
        assert_eq!(class(&s, 2022), Attainment::OnTrack);
        s.values[0].value = Sp::bare(Val::Number(45.0));
        assert_eq!(class(&s, 2022), Attainment::Behind);
        s.values[0].value = Sp::bare(Val::Number(55.0));
        assert_eq!(class(&s, 2022), Attainment::Worsened);
        s.values[0].value = Sp::bare(Val::Number(20.0));
        assert_eq!(class(&s, 2022), Attainment::Achieved);
    }

    #[test]
    fn cannot_assess_without_baseline_target_data_or_numbers() {
        let b = Some((2021, 100.0));
        let g = Some((2024, 200.0));
        assert_eq!(
            class(&series(None, g, &[(2022, 150.0)]), 2022),
            Attainment::CannotAssess
        );
        // ... though a target met needs no baseline.
        assert_eq!(
            class(&series(None, g, &[(2022, 200.0)]), 2022),
            Attainment::Achieved
        );
        assert_eq!(
            class(&series(b, None, &[(2022, 150.0)]), 2022),
            Attainment::CannotAssess
        );
        assert_eq!(class(&series(b, g, &[]), 2022), Attainment::CannotAssess);
        // A value of a later FY does not count yet.
        assert_eq!(
            class(&series(b, g, &[(2023, 150.0)]), 2022),
            Attainment::CannotAssess
        );
        let mut text = series(b, g, &[(2022, 150.0)]);
        text.kind = Sp::bare(SeriesKind::Text);
        assert_eq!(class(&text, 2022), Attainment::CannotAssess);
        // A target equal to the baseline is met by standing still.
        assert_eq!(
            class(&series(b, Some((2024, 100.0)), &[(2022, 100.0)]), 2022),
            Attainment::Achieved
        );
    }

    #[test]
    fn a_value_counts_from_the_day_it_is_published() {
        let b = Some((2021, 100.0));
        let g = Some((2024, 200.0));
        let mut s = series(b, g, &[(2022, 200.0)]);
        s.values[0].published = Some(Sp::bare(
            NaiveDate::from_ymd_opt(2023, 6, 30).expect("a date"),
        ));
        let june = |d| NaiveDate::from_ymd_opt(2023, 6, d).expect("a date");
        assert_eq!(of_series(&s, june(29), 2023).0, Attainment::CannotAssess);
        assert_eq!(of_series(&s, june(30), 2023).0, Attainment::Achieved);
    }

    #[test]
    fn the_final_target_is_the_last_one() {
        let mut s = series(Some((2021, 0.0)), Some((2024, 100.0)), &[(2023, 60.0)]);
        s.targets.insert(2022, Sp::bare(30.0));
        let (_, basis) = of_series(&s, day(2023), 2023);
        assert_eq!(
            basis.target,
            Some(Point {
                fy: 2024,
                value: 100.0
            })
        );
        // FY2023 is 2/3 of the way to FY2024: 60 is behind.
        assert_eq!(class(&s, 2023), Attainment::Behind);
    }

    #[test]
    fn an_indicator_takes_its_worst_series() {
        let i = Indicator::default();
        use Attainment as A;
        assert_eq!(of_indicator(&i, &[A::Achieved, A::Achieved]), A::Achieved);
        assert_eq!(of_indicator(&i, &[A::Achieved, A::OnTrack]), A::OnTrack);
        assert_eq!(
            of_indicator(&i, &[A::OnTrack, A::CannotAssess]),
            A::CannotAssess
        );
        assert_eq!(of_indicator(&i, &[A::Behind, A::Worsened]), A::Worsened);
        let f = Indicator {
            kind: Sp::bare(IndicatorKind::Implementation),
            ..Indicator::default()
        };
        assert_eq!(of_indicator(&f, &[]), A::Implementation);
    }

    #[test]
    fn a_relative_target_is_met_by_moving_the_better_way() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let series = |latest: f64| Series {
            direction: Sp::bare(Direction::Decrease),
            relative: true,
            baseline: Some(Baseline {
                fy: Sp::bare(2014),
                value: Sp::bare(100.0),
                source: None,
            }),
            values: vec![SeriesValue {
                fy: Sp::bare(2020),
                value: Sp::bare(Val::Number(latest)),
                ..Default::default()
            }],
            ..Series::default()
        };
        assert_eq!(of_series(&series(90.0), day, 2025).0, Attainment::Achieved);
        assert_eq!(of_series(&series(110.0), day, 2025).0, Attainment::Worsened);
        assert_eq!(
            of_series(&series(100.0), day, 2025).0,
            Attainment::CannotAssess
        );
    }

    /// The class on a day, in the FY the day falls in (April to March).
    fn class_on(s: &Series, day: NaiveDate) -> Attainment {
        of_series(s, day, crate::model::FyStart::default().fy_of(day)).0
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn a_value_of_the_new_fy_counts_from_its_first_day() {
        // FY2024's value: not yet on 2024-03-31 (FY2023), counted on 2024-04-01.
        let s = series(Some((2021, 100.0)), Some((2024, 200.0)), &[(2024, 200.0)]);
        assert_eq!(class_on(&s, ymd(2024, 3, 31)), Attainment::CannotAssess);
        assert_eq!(class_on(&s, ymd(2024, 4, 1)), Attainment::Achieved);
        // A value published on 4/1 counts from 4/1: before it the previous one stands.
        let mut p = series(
            Some((2021, 100.0)),
            Some((2024, 200.0)),
            &[(2022, 150.0), (2023, 200.0)],
        );
        p.values[1].published = Some(Sp::bare(ymd(2024, 4, 1)));
        let (before, basis) = of_series(&p, ymd(2024, 3, 31), 2023);
        assert_eq!(before, Attainment::OnTrack);
        assert_eq!(basis.latest.map(|l| l.fy), Some(2022));
        assert_eq!(class_on(&p, ymd(2024, 4, 1)), Attainment::Achieved);
    }

    #[test]
    fn all_the_time_elapsed_at_the_target_fy() {
        // t = t1: e = 1, so anything short of the target is behind.
        let s = series(Some((2021, 100.0)), Some((2024, 200.0)), &[(2024, 199.0)]);
        let (class, basis) = of_series(&s, day(2024), 2024);
        assert_eq!(class, Attainment::Behind);
        assert_eq!(basis.elapsed, Some(1.0));
        assert_eq!(basis.progress, Some(0.99));
        // Past the target FY, e stays 1 (clamped).
        let late = series(Some((2021, 100.0)), Some((2024, 200.0)), &[(2026, 199.0)]);
        let (class, basis) = of_series(&late, day(2026), 2026);
        assert_eq!((class, basis.elapsed), (Attainment::Behind, Some(1.0)));
    }

    #[test]
    fn a_target_in_the_baseline_fy_has_all_its_time_elapsed() {
        // t1 = t0: e = 1 whatever t is.
        let b = Some((2024, 100.0));
        let g = Some((2024, 200.0));
        let (got, basis) = of_series(&series(b, g, &[(2024, 150.0)]), day(2024), 2024);
        assert_eq!((got, basis.elapsed), (Attainment::Behind, Some(1.0)));
        assert_eq!(basis.progress, Some(0.5));
        assert_eq!(
            class(&series(b, g, &[(2024, 200.0)]), 2024),
            Attainment::Achieved
        );
        assert_eq!(
            class(&series(b, g, &[(2024, 99.0)]), 2024),
            Attainment::Worsened
        );
        // A final target before the baseline's FY: no span to share, e = 1 as well.
        let (_, basis) = of_series(
            &series(Some((2025, 100.0)), g, &[(2025, 150.0)]),
            day(2025),
            2025,
        );
        assert_eq!(basis.elapsed, Some(1.0));
    }

    #[test]
    fn each_class_at_its_edges() {
        use Attainment as A;
        // Baseline 0 in FY2020, target 100 in FY2024; FY2022 is half way: e = 0.5.
        let at = |v: f64| {
            class(
                &series(Some((2020, 0.0)), Some((2024, 100.0)), &[(2022, v)]),
                2022,
            )
        };
        // achieved: from the target up.
        assert_eq!(at(100.0), A::Achieved);
        assert_eq!(at(99.999), A::OnTrack);
        // on_track: p = e exactly, and above it.
        assert_eq!(at(50.0), A::OnTrack);
        assert_eq!(at(50.001), A::OnTrack);
        // behind: just under e, down to the baseline itself.
        assert_eq!(at(49.999), A::Behind);
        assert_eq!(at(0.0), A::Behind);
        // worsened: past the baseline, away from the target.
        assert_eq!(at(-0.001), A::Worsened);
        // The same edges where lower is better (baseline 100, target 0).
        let down = |v: f64| {
            let mut s = series(Some((2020, 100.0)), Some((2024, 0.0)), &[(2022, v)]);
            s.direction = Sp::bare(Direction::Decrease);
            class(&s, 2022)
        };
        assert_eq!(down(0.0), A::Achieved);
        assert_eq!(down(0.001), A::OnTrack);
        assert_eq!(down(50.0), A::OnTrack);
        assert_eq!(down(50.001), A::Behind);
        assert_eq!(down(100.0), A::Behind);
        assert_eq!(down(100.001), A::Worsened);
        // A target equal to the baseline: met by standing still, and missed only by moving away
        // (worsened), so it never divides by g − b = 0.
        let flat = |v: f64| {
            class(
                &series(Some((2020, 50.0)), Some((2024, 50.0)), &[(2022, v)]),
                2022,
            )
        };
        assert_eq!(flat(49.999), A::Worsened);
        assert_eq!(flat(50.0), A::Achieved);
        let mut still = series(Some((2020, 50.0)), Some((2024, 50.0)), &[(2022, 50.0)]);
        still.direction = Sp::bare(Direction::Decrease);
        assert_eq!(class(&still, 2022), A::Achieved);
        // cannot_assess: just short of the target without a baseline (met, no baseline is
        // needed); a baseline and a value but no target.
        assert_eq!(
            class(&series(None, Some((2024, 100.0)), &[(2022, 99.999)]), 2022),
            A::CannotAssess
        );
        assert_eq!(
            class(&series(None, Some((2024, 100.0)), &[(2022, 100.0)]), 2022),
            A::Achieved
        );
        assert_eq!(
            class(&series(Some((2020, 0.0)), None, &[(2022, 100.0)]), 2022),
            A::CannotAssess
        );
        // implementation: the indicator's kind, whatever its series would say.
        let f = Indicator {
            kind: Sp::bare(IndicatorKind::Implementation),
            ..Indicator::default()
        };
        assert_eq!(of_indicator(&f, &[A::Worsened]), A::Implementation);
        assert_eq!(of_indicator(&Indicator::default(), &[]), A::CannotAssess);
    }
}
