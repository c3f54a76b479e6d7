//! Integration tests of ona-engine (one binary).

mod basics;
mod common;
mod crash;
mod diff;
mod journal;
mod limits;
mod model;
mod stress;
