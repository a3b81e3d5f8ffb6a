//! Tests of label and box placement ([`super`]).

use super::*;

#[test]
fn legend_goes_where_there_is_no_data() {
    let plot = Rect {
        x0: 0,
        y0: 0,
        x1: 1000,
        y1: 600,
    };
    let mut occ = Occupied::default();
    // A line along the top from left to right, and one down the right side.
    occ.add_polyline(&[(0, 20), (1000, 20)]);
    occ.add_polyline(&[(980, 0), (980, 600)]);
    let r = corner(&plot, (200, 100), &occ, 10);
    assert_eq!((r.x0, r.y1), (10, 590), "lower left: {r:?}");
}

#[test]
fn labels_avoid_each_other_and_stay_inside() {
    let plot = Rect {
        x0: 0,
        y0: 0,
        x1: 400,
        y1: 300,
    };
    let occ = Occupied::default();
    let first = label((390, 10), (80, 20), 8, &plot, &occ, &Placed::default(), &[]).unwrap();
    assert!(first.within(&plot));
    let placed = Placed {
        boxes: vec![first],
        leaders: vec![],
    };
    let second = label((390, 10), (80, 20), 8, &plot, &occ, &placed, &[]).unwrap();
    assert!(second.within(&plot) && !second.overlaps(&first));
}

#[test]
fn labels_that_cannot_be_placed_are_left_out() {
    let plot = Rect {
        x0: 0,
        y0: 0,
        x1: 400,
        y1: 300,
    };
    let occ = Occupied::default();
    let everything = Placed {
        boxes: vec![Rect {
            x0: 0,
            y0: 0,
            x1: 400,
            y1: 300,
        }],
        leaders: vec![],
    };
    assert_eq!(label((200, 150), (80, 20), 8, &plot, &occ, &everything, &[]), None);
    // Another marker right of the point: the label goes elsewhere.
    let marker = Rect {
        x0: 210,
        y0: 120,
        x1: 400,
        y1: 180,
    };
    let r = label((200, 150), (80, 20), 8, &plot, &occ, &Placed::default(), &[marker]).unwrap();
    assert!(!r.overlaps(&marker), "{r:?}");
}

#[test]
fn leader_lines_cross_no_label() {
    let plot = Rect {
        x0: 0,
        y0: 0,
        x1: 400,
        y1: 300,
    };
    let occ = Occupied::default();
    // The marker is framed by four labels, too closely for its label to fit inside, and
    // a leader line out would cross the frame.
    let frame = vec![
        Rect {
            x0: 0,
            y0: 128,
            x1: 400,
            y1: 130,
        },
        Rect {
            x0: 0,
            y0: 170,
            x1: 400,
            y1: 172,
        },
        Rect {
            x0: 150,
            y0: 0,
            x1: 152,
            y1: 300,
        },
        Rect {
            x0: 248,
            y0: 0,
            x1: 250,
            y1: 300,
        },
    ];
    let placed = Placed {
        boxes: frame,
        leaders: vec![],
    };
    assert_eq!(label((200, 150), (60, 20), 6, &plot, &occ, &placed, &[]), None);
    // A leader line already drawn through where the label would go.
    let line = ((0, 120), (400, 120));
    let placed = Placed {
        boxes: vec![],
        leaders: vec![line],
    };
    let r = label((200, 150), (60, 20), 6, &plot, &occ, &placed, &[]).unwrap();
    assert!(!crosses(&line, &r), "{r:?}");
    assert_eq!(
        leader((200, 150), 6, &Rect::at(200, 200, (60, 20))),
        Some(((200, 158), (200, 200)))
    );
    assert_eq!(leader((200, 150), 6, &Rect::at(210, 140, (60, 20))), None);
}

#[test]
fn labels_in_a_row_spread_apart() {
    // Far apart: each centred on its marker.
    assert_eq!(spread(&[100, 400], &[60, 60], 5, 0, 1000), Some(vec![70, 370]));
    // Crowded: pushed apart around their mean, in order, `gap` apart.
    let x = spread(&[500, 510, 520], &[100, 100, 100], 10, 0, 1000).unwrap();
    assert_eq!(x, vec![350, 460, 570]);
    // Against the left edge.
    let x = spread(&[10, 20], &[100, 100], 10, 0, 1000).unwrap();
    assert_eq!(x, vec![0, 110]);
    // A crowd at the right edge is held inside it.
    let x = spread(&[700, 990, 995], &[100, 100, 100], 10, 0, 1000).unwrap();
    assert_eq!(x, vec![650, 790, 900]);
    assert_eq!(spread(&[10, 20], &[600, 600], 10, 0, 1000), None);
}

#[test]
fn straight_runs_lose_their_middle_points() {
    assert_eq!(simplify(&[]), vec![]);
    assert_eq!(simplify(&[(0, 5), (0, 5)]), vec![(0, 5)]);
    assert_eq!(
        simplify(&[(0, 5), (3, 5), (3, 5), (9, 5), (20, 5)]),
        vec![(0, 5), (20, 5)]
    );
    assert_eq!(
        simplify(&[(0, 0), (2, 2), (4, 4), (4, 8)]),
        vec![(0, 0), (4, 4), (4, 8)]
    );
    // Turning back is kept.
    assert_eq!(simplify(&[(0, 0), (5, 0), (2, 0)]), vec![(0, 0), (5, 0), (2, 0)]);
}
