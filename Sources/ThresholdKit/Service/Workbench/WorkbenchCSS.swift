extension Workbench {
    static let css = """
    body { font-family: system-ui, sans-serif; }
    """
}
