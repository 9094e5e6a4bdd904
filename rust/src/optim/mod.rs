pub mod lr_scheduler;
