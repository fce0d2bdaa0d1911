extension Workbench {
    static let html = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><title>threshold workbench</title>
    <link rel="stylesheet" href="/workbench.css"></head>
    <body><main id="app"><h1>threshold workbench</h1></main><script src="/workbench.js"></script></body></html>
    """
}
