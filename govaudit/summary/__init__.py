"""`govaudit summary`: one page (and a CSV/XLSX table) over many reports, for
third-party reviewers (第三方评估)."""
