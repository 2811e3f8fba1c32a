"""A believable demo organisation, for trying the product and for screenshots."""
