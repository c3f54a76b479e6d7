mod build;
mod community;
mod golden;
mod layering;
mod ona_groups;
mod ona_oracle;
mod real;
mod properties;
