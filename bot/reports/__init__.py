"""`/wa-report`: what a report asks and answers, the SQL that computes it, and the ways it is shown."""
