//! Contour lines of a grid of values, for the loss landscape: marching squares (each grid square whose
//! corners straddle the level gets one or two segments, their ends placed by linear interpolation along
//! the square's edges), then segments sharing an end chained into polylines so a level draws as a few
//! lines, not hundreds. Squares with a NaN corner are skipped.

use std::collections::HashMap;

/// The contour polylines at `level` of `values` (row j, column i at `values[j * n + i]`) on the square
/// grid with coordinates `coords` along both axes.
pub fn contour_lines(values: &[f64], coords: &[f64], level: f64) -> Vec<Vec<[f64; 2]>> {
    let n = coords.len();
    if n < 2 || values.len() != n * n {
        return Vec::new();
    }
    // an edge crossing is named by the grid points it lies between, so neighbours share it exactly
    type Crossing = ((usize, usize), (usize, usize));
    let mut segments: Vec<(Crossing, Crossing)> = Vec::new();
    let at = |i: usize, j: usize| values[j * n + i];
    for j in 0..n - 1 {
        for i in 0..n - 1 {
            let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
            let v = corners.map(|(a, b)| at(a, b));
            if v.iter().any(|x| x.is_nan()) {
                continue;
            }
            let above = v.map(|x| x >= level);
            let mut crossings: Vec<Crossing> = Vec::with_capacity(4);
            for k in 0..4 {
                let (p, q) = (corners[k], corners[(k + 1) % 4]);
                if above[k] != above[(k + 1) % 4] {
                    crossings.push(if p < q { (p, q) } else { (q, p) });
                }
            }
            match crossings.len() {
                2 => segments.push((crossings[0], crossings[1])),
                // a saddle: pair the crossings by the square's mean, as the usual disambiguation does
                4 => {
                    let centre_above = v.iter().sum::<f64>() / 4.0 >= level;
                    if centre_above == above[0] {
                        segments.push((crossings[0], crossings[3]));
                        segments.push((crossings[1], crossings[2]));
                    } else {
                        segments.push((crossings[0], crossings[1]));
                        segments.push((crossings[2], crossings[3]));
                    }
                }
                _ => {}
            }
        }
    }
    let place = |(p, q): Crossing| {
        let (vp, vq) = (at(p.0, p.1), at(q.0, q.1));
        let t = if vq == vp {
            0.5
        } else {
            (level - vp) / (vq - vp)
        };
        [
            coords[p.0] + t * (coords[q.0] - coords[p.0]),
            coords[p.1] + t * (coords[q.1] - coords[p.1]),
        ]
    };
    chain(segments)
        .into_iter()
        .map(|line| line.into_iter().map(place).collect())
        .collect()
}

/// Segments joined end to end into polylines (each segment used once).
fn chain<K: Copy + Eq + std::hash::Hash>(segments: Vec<(K, K)>) -> Vec<Vec<K>> {
    let mut ends: HashMap<K, Vec<usize>> = HashMap::new();
    for (s, (a, b)) in segments.iter().enumerate() {
        ends.entry(*a).or_default().push(s);
        ends.entry(*b).or_default().push(s);
    }
    let mut used = vec![false; segments.len()];
    let mut lines = Vec::new();
    for start in 0..segments.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let (a, b) = segments[start];
        let mut line = std::collections::VecDeque::from([a, b]);
        for forward in [true, false] {
            loop {
                let tip = if forward {
                    line[line.len() - 1]
                } else {
                    line[0]
                };
                let next = ends
                    .get(&tip)
                    .and_then(|ss| ss.iter().copied().find(|&s| !used[s]));
                let Some(s) = next else { break };
                used[s] = true;
                let (p, q) = segments[s];
                let other = if p == tip { q } else { p };
                if forward {
                    line.push_back(other);
                } else {
                    line.push_front(other);
                }
            }
        }
        lines.push(line.into_iter().collect());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bowl_has_one_closed_ring_per_level_at_the_right_radius() {
        let coords: Vec<f64> = (0..41).map(|i| -2.0 + 0.1 * i as f64).collect();
        let values: Vec<f64> = (0..41 * 41)
            .map(|k| {
                let (x, y) = (coords[k % 41], coords[k / 41]);
                x * x + y * y
            })
            .collect();
        let rings = contour_lines(&values, &coords, 1.0);
        assert_eq!(rings.len(), 1, "one polyline");
        let ring = &rings[0];
        assert_eq!(ring.first(), ring.last(), "closed");
        for p in ring {
            let r = (p[0] * p[0] + p[1] * p[1]).sqrt();
            assert!((r - 1.0).abs() < 0.02, "{p:?} at radius {r}");
        }
        assert!(contour_lines(&values, &coords, 100.0).is_empty());
    }

    #[test]
    fn squares_with_a_nan_corner_are_left_out() {
        let coords = [0.0, 1.0];
        assert!(contour_lines(&[0.0, 2.0, f64::NAN, 2.0], &coords, 1.0).is_empty());
        assert_eq!(contour_lines(&[0.0, 2.0, 0.0, 2.0], &coords, 1.0).len(), 1);
    }
}
