"""Qt item models over the inspection document. They hold no inspection state of their own:
every figure and every cell is read from the session when a view asks for it."""
