"""A folder of submissions checked together (``ktt batch``): its outputs written as one."""
