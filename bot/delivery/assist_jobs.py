RUNNERS: dict = {}
