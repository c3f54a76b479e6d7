//! Node.js bindings for ona (napi-rs v3).
#![allow(unsafe_code)] // napi-rs's macros expand to unsafe blocks.
