"""Who may write: named reviewer tokens and the dashboard sessions they open."""
