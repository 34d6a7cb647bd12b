"""Documents built from a call's configuration (application-form template).

Pure functions over model instances: nothing here writes to the database.
"""
