mod build;
mod golden;
mod layering;
mod real;
mod properties;
