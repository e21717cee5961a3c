//! Opening the window from the command line: `approxlab [settings flags]` restores the last session
//! (flags override it); `approxlab --screenshot FILE.png --frames N` draws N frames and saves the picture
//! (`--picture fit --scale 2`: one plot, twice the pixels); `approxlab gif OUT.gif` records a GIF.

use super::{EXIT_BAD_INPUT, GifArgs, SettingsArgs, WindowArgs};
use crate::app::{
    ApproxApp, PictureArea, Recording, ScreenshotOutcome, ScreenshotPlan, SettingsFile, TITLE,
    UiState,
};
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

/// The settings flags and the `--run` specs, checked: the first run's settings and the others' (a note
/// on stderr for each flag that has no effect on a run, as `train` says it).
fn runs_from(flags: &SettingsArgs, runs: &[String]) -> Result<(Settings, Vec<Settings>), String> {
    let settings = flags.apply_to(Settings::default())?;
    settings.validate()?;
    let first = (!runs.is_empty()).then_some(1);
    super::applies::say(&super::applies::check(&[flags], &settings, first)?);
    let max = crate::train::lab::MAX_RUNS - 1;
    if runs.len() > max {
        return Err(format!(
            "at most {max} --run (the window compares up to {} runs)",
            max + 1
        ));
    }
    let (compare, notes) = super::compare::parse_runs(&settings, flags, runs)?;
    super::applies::say(&notes);
    Ok((settings, compare))
}

/// The window's options: its title, icon and inner size in points. Only the interactive window
/// (`remember`) reads and writes eframe's saved window geometry and egui memory: a window for one
/// picture or one GIF keeps them in a file of its own (`scratch_storage`), so it has the size asked for
/// and the layout a fresh install has.
fn native_options(size: [f32; 2], remember: bool) -> eframe::NativeOptions {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(TITLE)
        .with_app_id("approxlab")
        .with_inner_size(size)
        .with_min_inner_size([720.0, 480.0]);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    eframe::NativeOptions {
        viewport,
        persist_window: remember,
        persistence_path: (!remember).then(scratch_storage),
        ..Default::default()
    }
}

/// Where a window for one picture or one GIF keeps eframe's state: a file of this process, removed
/// when the window closes.
fn scratch_storage() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("approxlab-window-{}.ron", std::process::id()))
}

/// Runs the window until it closes; the exit status says whether it (and a requested screenshot) worked.
pub fn run(args: Box<WindowArgs>) -> ExitCode {
    let args = *args;
    let (settings, compare) = match runs_from(&args.settings, &args.runs) {
        Ok(runs) => runs,
        Err(e) => return super::fail(&super::Failure::BadInput(e)),
    };
    if args.screenshot.is_none() && (args.picture.is_some() || args.scale.is_some()) {
        let e = "--picture and --scale need --screenshot FILE.png".to_string();
        return super::fail(&super::Failure::BadInput(e));
    }
    let preset = match &args.preset {
        Some(name) => match crate::tour::find(name) {
            Ok(p) => crate::tour::presets().iter().position(|q| q.name == p.name),
            Err(e) => return super::fail(&super::Failure::BadInput(e)),
        },
        None => None,
    };
    let session = match &args.session {
        Some(path) => match crate::files::session::load(path) {
            Ok(saved) => Some(saved),
            Err(e) => return super::fail(&super::Failure::BadInput(e)),
        },
        None => None,
    };
    let options = native_options([1280.0, 800.0], args.screenshot.is_none());
    let given = args.settings.any().then_some(settings.clone());
    let steps_per_frame = args.steps_per_frame;
    let ui_scale = args.ui_scale;
    let (launched, outcome) = match args.screenshot {
        Some(path) => {
            let (mut plan, outcome) = ScreenshotPlan::new(path, args.frames.unwrap_or(120));
            if args.picture.is_some() || args.scale.is_some() {
                let area = args.picture.unwrap_or(PictureArea::Window);
                plan = plan.off_screen(area, args.scale.unwrap_or(1.0));
            }
            let mut state = UiState {
                settings,
                ..UiState::default()
            };
            state.steps_per_frame = steps_per_frame.unwrap_or(state.steps_per_frame);
            state.ui_scale = args.ui_scale.unwrap_or(state.ui_scale);
            let launched = eframe::run_native(
                TITLE,
                options,
                Box::new(move |_| {
                    let mut app = ApproxApp::for_screenshot(state, compare, plan);
                    if let Some(k) = preset {
                        app.enter_tour(k);
                    }
                    Ok(Box::new(app))
                }),
            );
            (launched, Some(outcome))
        }
        None => {
            let launched = eframe::run_native(
                TITLE,
                options,
                Box::new(move |cc| {
                    let mut app = ApproxApp::new(cc, SettingsFile::for_window(), given, compare);
                    if let Some(saved) = session {
                        app.command(crate::train::Command::Open(Box::new(saved)));
                    }
                    if let Some(n) = steps_per_frame {
                        app.set_steps_per_frame(n);
                    }
                    if let Some(k) = preset {
                        app.enter_tour(k);
                    }
                    if let Some(scale) = ui_scale {
                        app.set_ui_scale(scale);
                    }
                    Ok(Box::new(app))
                }),
            );
            (launched, None)
        }
    };
    finish(launched, outcome, "screenshot")
}

/// The exit status of a window that was to write `what` (`outcome` is None for the interactive window).
fn finish(launched: eframe::Result, outcome: Option<ScreenshotOutcome>, what: &str) -> ExitCode {
    let _ = std::fs::remove_file(scratch_storage());
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
            eprintln!("approxlab: {what} failed: {e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
        Some(None) => {
            eprintln!("approxlab: the window closed before the {what} was written");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// `approxlab gif OUT.gif`: a window of `--size` trains the run(s) headless-like (inside the frame),
/// pictures `--area` at `--frames` steps spaced evenly in log(step) up to `--steps`, writes the GIF and
/// closes. It needs a display, as `--screenshot` does.
pub fn gif(args: &GifArgs) -> ExitCode {
    let (settings, compare) = match runs_from(&args.settings, &args.runs) {
        Ok(runs) => runs,
        Err(e) => return super::fail(&super::Failure::BadInput(e)),
    };
    let steps = crate::files::gif::log_spaced_steps(args.steps, args.frames);
    let outcome: ScreenshotOutcome = Arc::default();
    let recording = Recording::at_steps(
        args.out.display().to_string(),
        args.area,
        args.fps,
        steps,
        Arc::clone(&outcome),
    );
    let state = UiState {
        settings,
        ..UiState::default()
    };
    let launched = eframe::run_native(
        TITLE,
        native_options(args.size, false),
        Box::new(move |_| Ok(Box::new(ApproxApp::for_gif(state, compare, recording)))),
    );
    finish(launched, Some(outcome), "GIF")
}
