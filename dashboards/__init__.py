"""The Solara dashboard: scenario explorer for policy makers, classroom view for teachers."""
