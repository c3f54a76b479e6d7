mod build;
mod community;
mod golden;
mod layering;
mod real;
mod properties;
