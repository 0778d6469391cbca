"""Demo data: a realistic radar for a fintech platform organisation, and its idempotent loader."""
