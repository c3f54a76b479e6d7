mod build;
mod golden;
mod layering;
