//! The browser app's entry point (built by trunk for wasm32).
fn main() {}
