/// The workbench's page, style sheet and script, embedded in the binary (no files, no network).
enum Workbench {}
