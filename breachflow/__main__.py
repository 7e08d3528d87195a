from breachflow.cli import app

app()
