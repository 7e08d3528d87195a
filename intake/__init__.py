"""breachflow's web app: the report form, status pages, the DPO's overview and the JSON API."""
