"""The staff workspace: dashboard, progress reports, projects and organisations, their history."""
