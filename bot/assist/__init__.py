"""Help for replying: the knowledge base (kb/), saved replies (replies/), search and drafts.

Reads its folders (stdlib only, cached until a file changes); search and drafting are pure.
"""
