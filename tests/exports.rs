//! Exports from the window: the curves and the losses as CSV, the selected run's model as JSON, each to
//! the path typed in the Export window; a path that cannot be written is refused and shown.

mod common;
mod support;

use egui_kittest::kittest::Queryable as _;

#[test]
fn the_export_window_writes_curves_losses_and_the_model() {
    let mut h = support::harness();
    h.run();
    h.state_mut().command(approxlab::train::Command::Step(50));
    h.run();
    let dir = common::scratch("exports");
    std::fs::create_dir_all(&dir).unwrap();
    let write = |h: &mut egui_kittest::Harness<'static, approxlab::app::ApproxApp>,
                 name: &str,
                 button: &str| {
        let path = dir.join(name);
        support::export_to(h, &path);
        support::press(h, button);
        path
    };
    let curves = write(&mut h, "curves.csv", "Curves (CSV)");
    let text = std::fs::read_to_string(&curves).unwrap();
    assert!(
        text.starts_with("x,target,prediction,neuron_1,"),
        "{}",
        &text[..80]
    );
    assert_eq!(text.lines().count(), 602);
    let losses = write(&mut h, "losses.csv", "Losses (CSV)");
    let text = std::fs::read_to_string(&losses).unwrap();
    assert!(text.starts_with("run,step,seconds,train,validation,outside\nprediction,0,"));
    let model = write(&mut h, "model.json", "Model (JSON)");
    let read: approxlab::nn::Mlp<f32> = approxlab::files::model::load(&model).unwrap().cast();
    assert_eq!(&read, &h.state().run().mlp, "the selected run's weights");
    let bad = write(&mut h, "no/such/folder/x.csv", "Curves (CSV)");
    assert!(!bad.exists());
    assert!(h.query_by_label_contains("cannot write CSV file").is_some());
}
