//! The widget's Yew components, one per part of the page it draws.

pub mod app;
pub mod article;
pub mod comment_form;
pub mod comments;
pub mod error_box;
pub mod lazy;
pub mod loading;
pub mod own_comment;
pub mod raw;
pub mod related;
