def find_quantities(text, start=0, end=None):
    return []
