//! The two-parameter sweep's picture: a heat map of the median final training loss (log colour scale,
//! `sweep_chart::shade`), one tile per pair of values, diverged tiles crossed in red; clicking a tile
//! returns it (the window opens it as a run).

use super::base_plot;
use super::sweep_chart::{DIVERGED, hovered, log, shade};
use crate::sweep::{SweepParam, ValueSummary};
use egui::{Ui, Vec2};
use egui_plot::{Heatmap, MarkerShape, PlotPoint, Points};

/// The two-parameter heat map (tile (i, j): the i-th value of the first parameter, the j-th of the
/// second); returns the index into `summaries` of the tile clicked.
pub fn sweep_heatmap(
    ui: &mut Ui,
    axes_values: [(SweepParam, &[f64]); 2],
    summaries: &[ValueSummary],
    size: Vec2,
) -> Option<usize> {
    let [(p1, v1), (p2, v2)] = axes_values;
    let (cols, rows) = (v1.len(), v2.len());
    let Tiles {
        tiles,
        diverged,
        index_of,
    } = Tiles::of(summaries, v1, v2);
    let finite = tiles.iter().copied().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    let names: (Vec<String>, Vec<String>) = (
        v1.iter().map(|&v| p1.label(v)).collect(),
        v2.iter().map(|&v| p2.label(v)).collect(),
    );
    let tick = |labels: &[String], x: f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
            labels[i as usize].clone()
        } else {
            String::new()
        }
    };
    let (xl, yl) = names.clone();
    let mut clicked = None;
    base_plot("sweep heat map", size, &p1.name().replace('_', " "), false)
        .custom_y_axes(vec![
            egui_plot::AxisHints::new_y().label(p2.name().replace('_', " ")),
        ])
        .x_grid_spacer(cell_marks)
        .y_grid_spacer(cell_marks)
        .x_axis_formatter(move |mark, _| tick(&xl, mark.value))
        .y_axis_formatter(move |mark, _| tick(&yl, mark.value))
        .show_grid(false)
        .label_formatter(move |hover| {
            let (_, p) = hovered(hover);
            let (i, j) = (p.x.round(), p.y.round());
            Some(format!(
                "{} {}\n{} {}",
                p1.name(),
                tick(&names.0, i),
                p2.name(),
                tick(&names.1, j)
            ))
        })
        .show(ui, |p| {
            p.heatmap(
                Heatmap::new(tiles.clone(), cols.max(1))
                    .at(PlotPoint::new(-0.5, -0.5))
                    .tile_size(1.0, 1.0)
                    .custom_mapping(Box::new(move |v| shade(v, lo, hi)))
                    .formatter(Box::new(|v| {
                        if v.is_finite() {
                            format!("{:.1e}", 10f64.powf(v))
                        } else {
                            "…".into()
                        }
                    }))
                    .name("median final training loss"),
            );
            if !diverged.is_empty() {
                p.points(
                    Points::new("diverged (some seeds)", diverged.clone())
                        .shape(MarkerShape::Cross)
                        .color(DIVERGED)
                        .radius(8.0),
                );
            }
            if p.response().clicked()
                && let Some(at) = p.pointer_coordinate()
            {
                let (i, j) = (at.x.round(), at.y.round());
                if i >= 0.0 && j >= 0.0 && (i as usize) < cols && (j as usize) < rows {
                    clicked = index_of[j as usize * cols + i as usize];
                }
            }
        });
    clicked
}

/// The heat map's cells, row by row (`v2` rows of `v1` columns): each value pair's median final
/// training loss (log₁₀; NaN where no summary fell), where some seeds diverged, and which summary a
/// cell shows (for a click).
struct Tiles {
    tiles: Vec<f64>,
    diverged: Vec<[f64; 2]>,
    index_of: Vec<Option<usize>>,
}

impl Tiles {
    fn of(summaries: &[ValueSummary], v1: &[f64], v2: &[f64]) -> Self {
        let cols = v1.len();
        let cells = cols * v2.len();
        let (mut tiles, mut diverged, mut index_of) =
            (vec![f64::NAN; cells], Vec::new(), vec![None; cells]);
        for (k, s) in summaries.iter().enumerate() {
            let i = v1.iter().position(|&v| v == s.values[0]);
            let j = v2.iter().position(|&v| v == s.values[1]);
            if let (Some(i), Some(j)) = (i, j) {
                tiles[j * cols + i] = log(s.train.median);
                index_of[j * cols + i] = Some(k);
                if s.diverged > 0 {
                    diverged.push([i as f64, j as f64]);
                }
            }
        }
        Self {
            tiles,
            diverged,
            index_of,
        }
    }
}

/// One grid mark per cell (cells sit at whole numbers, one unit wide; at most 64 a side).
fn cell_marks(_: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    (0..64)
        .map(|i| egui_plot::GridMark {
            value: i as f64,
            step_size: 1.0,
        })
        .collect()
}
