extension Workbench {
    static let javascript = """
    "use strict";
    """
}
