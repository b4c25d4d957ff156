"""The public pages: home, strategies and their nodes, projects, organisations and the CSV list."""
