mod build;
mod golden;
