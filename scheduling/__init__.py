"""When to send what, and sending it: the planner (pure), the outbox deliverer, the clock."""
