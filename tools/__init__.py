"""Developer tools that are not shipped: screenshots and demo data for docs/."""
