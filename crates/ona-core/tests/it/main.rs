mod build;
mod community;
mod golden;
mod layering;
mod ona_groups;
mod real;
mod properties;
