"""The demo: the Utena VVG's strategies, projects and accounts from the source articles."""
