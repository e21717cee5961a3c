//! What the window draws, as pictures: the area a picture covers (`picture`), painting it off screen at
//! any scale (`offscreen`), the Export window's PNG and GIF recording (`capture`) and the `--screenshot`
//! mode (`screenshot`).

pub(super) mod capture;
pub(super) mod offscreen;
pub(super) mod picture;
pub(super) mod screenshot;
