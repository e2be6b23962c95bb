"""Nothing of the delegations app is on the admin site: the institutions' approval chains are kept by their
coordinators on `/delegations/approval-chain/` (services.save_approval_chain), and cases change only through
their pages and the API, where the flow's rules are checked."""
