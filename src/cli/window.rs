//! Opening the window from the command line: `approxlab [settings flags]` restores the last session
//! (flags override it); `approxlab --screenshot FILE.png --frames N` draws N frames and saves the picture.

use super::{EXIT_BAD_INPUT, WindowArgs};
use crate::app::{ApproxApp, ScreenshotPlan, TITLE, UiState};
use crate::train::Settings;
use std::process::ExitCode;
use std::sync::{Arc, PoisonError};

/// The window's icon (a sine wave and a piecewise fit), decoded from `assets/icon.png`.
fn icon() -> Option<Arc<egui::IconData>> {
    let image = image::load_from_memory(include_bytes!("../../assets/icon.png"))
        .ok()?
        .into_rgba8();
    let (width, height) = image.dimensions();
    Some(Arc::new(egui::IconData {
        rgba: image.into_raw(),
        width,
        height,
    }))
}

/// Runs the window until it closes; the exit status says whether it (and a requested screenshot) worked.
pub fn run(args: Box<WindowArgs>) -> ExitCode {
    let args = *args;
    let settings = match args.settings.apply_to(Settings::default()) {
        Ok(settings) => settings,
        Err(e) => return super::fail(&super::Failure::BadInput(e)),
    };
    if let Err(e) = settings.validate() {
        return super::fail(&super::Failure::BadInput(e));
    }
    let max = crate::train::lab::MAX_RUNS - 1;
    if args.runs.len() > max {
        let e = format!(
            "at most {max} --run (the window compares up to {} runs)",
            max + 1
        );
        return super::fail(&super::Failure::BadInput(e));
    }
    let compare = match super::compare::parse_runs(&settings, &args.runs) {
        Ok(runs) => runs,
        Err(e) => return super::fail(&super::Failure::BadInput(e)),
    };
    let session = match &args.session {
        Some(path) => match crate::files::session::load(path) {
            Ok(saved) => Some(saved),
            Err(e) => return super::fail(&super::Failure::BadInput(e)),
        },
        None => None,
    };
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(TITLE)
        .with_app_id("approxlab")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([720.0, 480.0]);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    let given = args.settings.any().then_some(settings.clone());
    let steps_per_frame = args.steps_per_frame;
    let (launched, outcome) = match args.screenshot {
        Some(path) => {
            let (plan, outcome) = ScreenshotPlan::new(path, args.frames);
            let mut state = UiState {
                settings,
                ..UiState::default()
            };
            state.steps_per_frame = steps_per_frame.unwrap_or(state.steps_per_frame);
            let launched = eframe::run_native(
                TITLE,
                options,
                Box::new(move |_| Ok(Box::new(ApproxApp::for_screenshot(state, compare, plan)))),
            );
            (launched, Some(outcome))
        }
        None => {
            let launched = eframe::run_native(
                TITLE,
                options,
                Box::new(move |cc| {
                    let mut app = ApproxApp::new(cc, given, compare);
                    if let Some(saved) = session {
                        app.command(crate::train::Command::Open(Box::new(saved)));
                    }
                    if let Some(n) = steps_per_frame {
                        app.set_steps_per_frame(n);
                    }
                    Ok(Box::new(app))
                }),
            );
            (launched, None)
        }
    };
    if let Err(e) = launched {
        eprintln!("approxlab: cannot open the window: {e}");
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    match outcome.map(|o| o.lock().unwrap_or_else(PoisonError::into_inner).take()) {
        None => ExitCode::SUCCESS,
        Some(Some(Ok(path))) => {
            println!("saved {path}");
            ExitCode::SUCCESS
        }
        Some(Some(Err(e))) => {
            eprintln!("approxlab: screenshot failed: {e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
        Some(None) => {
            eprintln!("approxlab: the window closed before the screenshot was taken");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}
