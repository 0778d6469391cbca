"""Demo data for the technology radar: a fintech platform organisation (payments, cards, lending).

Plain data only; the seed loader turns it into quadrants, rings, editions, blips with their ring history,
and proposals. Dates are ISO strings. A blip appears in an edition when its first history entry is on or
before the edition's publication date, in the ring of its latest entry on or before that date.
"""

from __future__ import annotations

from typing import TypedDict


class EditionSpec(TypedDict):
    slug: str
    name: str
    published_on: str
    introduction: str


class BlipSpec(TypedDict):
    slug: str
    name: str
    quadrant: str
    summary: str
    description: str
    tags: list[str]
    owner: str
    links: list[tuple[str, str]]
    history: list[tuple[str, str, str]]  # (ISO date, ring slug, reason), oldest first


class ProposalSpec(TypedDict):
    kind: str
    blip: str | None
    technology_name: str
    quadrant: str
    target_ring: str
    state: str
    proposer: str
    summary: str
    context: str
    options: str
    scope: str
    exit_considerations: str
    tags: list[str]


# (slug, name, one-line description); list order is display order.
QUADRANTS: list[tuple[str, str, str]] = [
    (
        "techniques",
        "Techniques",
        "Practices and patterns for how we design, build, secure and run payment, card and lending systems.",
    ),
    (
        "tools",
        "Tools",
        "Software that helps us build, test, deploy, observe and secure our systems, from CI to scanners.",
    ),
    (
        "platforms",
        "Platforms",
        "Runtimes, managed cloud services and data stores that our services run on or depend on.",
    ),
    (
        "languages-and-frameworks",
        "Languages & Frameworks",
        "Programming languages and application frameworks we write our services, apps and data pipelines in.",
    ),
]

# (slug, name, one-line meaning shown to users, colour hex); inner ring first.
RINGS: list[tuple[str, str, str, str]] = [
    (
        "adopt",
        "Adopt",
        "Proven in production here; the default choice for its purpose, supported by our golden paths.",
        "#2e7d32",
    ),
    (
        "trial",
        "Trial",
        "Worth pursuing on real projects that can handle the risk while we build the experience to adopt it.",
        "#1565c0",
    ),
    (
        "assess",
        "Assess",
        "Worth exploring with a clear goal in spikes or pilots; do not take production dependencies on it yet.",
        "#ef6c00",
    ),
    (
        "hold",
        "Hold",
        "Do not start anything new with it; existing use needs a plan to move away or to contain it.",
        "#c62828",
    ),
]

# Oldest first. The introduction is Markdown.
EDITIONS: list[EditionSpec] = [
    {
        "slug": "2025-1",
        "name": "2025.1 — May 2025",
        "published_on": "2025-05-20",
        "introduction": (
            "This is the first edition of our technology radar. It replaces the annual architecture review slide deck "
            "with something every engineer can read, link to and argue with. The 48 blips were imported from the 2024 "
            "architecture review and re-checked with each owning team, so the rings describe what we actually run, not "
            "what we hoped to run.\n\n"
            "Three themes dominate. PCI DSS v4.0.1 and its future-dated requirements, effective since March 2025, push "
            "us to keep the cardholder data environment small: tokenisation, threat modelling and hard holds on "
            "hand-rolled cryptography. DORA has applied since January, and its ICT risk and resilience testing rules "
            "make ADRs, circuit breakers and chaos engineering more than good engineering hygiene. And the October "
            "2025 deadline for SEPA Instant and Verification of Payee sets the pace for Payments Platform.\n\n"
            "A blip on Hold is not a criticism of the teams that chose it years ago. It means: do not start anything "
            "new with it, and plan the way out. Proposals for the next edition go through the radar service; the "
            "Architecture Office reviews them every month."
        ),
    },
    {
        "slug": "2025-2",
        "name": "2025.2 — November 2025",
        "published_on": "2025-11-18",
        "introduction": (
            "Instant payments went live for all our euro accounts on time in October, and several blips in this "
            "edition are a direct result. Apache Kafka and Keycloak move to Adopt after carrying that traffic, "
            "OpenTelemetry becomes the only instrumentation API after we removed the last proprietary APM agent, and "
            "Argo CD now deploys to every cluster including the cardholder data environment.\n\n"
            "Licensing is the second theme. The MassTransit v9 licence change put it on Hold for new lending services, "
            "HashiCorp's BSL terms and the IBM acquisition brought OpenTofu onto the radar, and we chose one "
            "infrastructure-as-code toolchain by putting Azure Bicep on Hold. None of these moves forces a rewrite; "
            "they stop us from digging deeper.\n\n"
            "Ten blips are new, all in Assess, including contract testing with Pact (already promoted to Trial after "
            "strong pilots), SBOMs, zero-trust networking, k6 and Rust for the card authorisation hot path."
        ),
    },
    {
        "slug": "2026-1",
        "name": "2026.1 — May 2026",
        "published_on": "2026-05-19",
        "introduction": (
            "This edition is about cost and focus. Azure Cosmos DB moves back to Trial after its bill grew more than "
            "threefold in a year, Snowflake goes to Hold because one analytical platform is enough, and Databricks "
            "moves to Adopt as regulatory reporting left the on-premise warehouse. CQRS moves back to Assess: a good "
            "tool for loan servicing, a poor default for everything else.\n\n"
            "Our platform has grown up. Platform engineering is now Adopt, with golden paths hosting most production "
            "services, and Backstage enters Trial as the front door to them. OpenTofu moves to Trial after a clean "
            "migration pilot, and chaos engineering game days now feed our DORA resilience testing evidence.\n\n"
            "AI gets careful treatment. GitHub Copilot stays in Trial while we look for its effect in delivery "
            "metrics, Azure OpenAI Service moves to Trial for payslip extraction in lending, and AI coding agents "
            "enter Assess with strict guardrails: no cardholder data, no production credentials and a human reviewer "
            "for every change."
        ),
    },
]

# history: ring changes, oldest first, as (ISO date, ring slug, one-sentence reason).
# The first entry is the date the blip entered the radar.
BLIPS: list[BlipSpec] = [
    # ---- Techniques ------------------------------------------------------------------------------------------
    {
        "slug": "event-sourcing",
        "name": "Event sourcing",
        "quadrant": "techniques",
        "summary": "Store state as an append-only log of domain events; a natural fit for ledgers, costly elsewhere.",
        "description": (
            "Event sourcing persists every state change as an immutable domain event and derives current state by "
            "replaying them. For anything that behaves like an account (balances, card limits, loan schedules) it "
            "gives us an audit trail for free and lets us answer 'what did we believe at 14:03 yesterday?' without "
            "bespoke history tables.\n\n"
            "The card authorisation ledger and the payment-order lifecycle are event sourced on PostgreSQL, with "
            "projections fed through the outbox into Kafka. Auditors have stopped asking for reconciliation extracts "
            "because the event stream is the record.\n\n"
            "It stays in Trial: event schema evolution, snapshotting and GDPR erasure (crypto-shredding personal data "
            "in events) are genuinely hard, and two teams underestimated the effort. Use it where the history is the "
            "business requirement, not as a default persistence style."
        ),
        "tags": ["architecture", "ledger", "payments"],
        "owner": "Payments Platform",
        "links": [("Event Sourcing (Martin Fowler)", "https://martinfowler.com/eaaDev/EventSourcing.html")],
        "history": [
            (
                "2025-04-02",
                "trial",
                (
                    "Imported from the 2024 architecture review: the card authorisation ledger had been event sourced "
                    "in production since Q3 2024."
                ),
            ),
        ],
    },
    {
        "slug": "cqrs",
        "name": "CQRS",
        "quadrant": "techniques",
        "summary": "Separate write and read models; valuable for read-heavy lending views, overkill for plain CRUD.",
        "description": (
            "Command Query Responsibility Segregation splits the model that accepts changes from the models that serve "
            "reads. Combined with event sourcing it lets us build purpose-specific read models, such as the "
            "collections agent's view of a loan, without contorting the write model.\n\n"
            "Loan servicing uses it where the read side (statements, arrears dashboards, the broker portal) dwarfs the "
            "write side, and it works well there. It worked badly in two services that adopted it for simple reference "
            "data: eventual consistency between the models produced confusing screens and support tickets.\n\n"
            "We moved it back to Assess in 2026.1. Apply it per bounded context after an explicit ADR, not as a "
            "service template default."
        ),
        "tags": ["architecture", "lending"],
        "owner": "Lending Engineering",
        "links": [("CQRS (Martin Fowler)", "https://martinfowler.com/bliki/CQRS.html")],
        "history": [
            (
                "2025-04-02",
                "trial",
                (
                    "Imported from the 2024 architecture review: loan servicing had split its read and write models to "
                    "relieve the statement-generation database."
                ),
            ),
            (
                "2026-03-31",
                "assess",
                (
                    "Two lending services reverted CQRS after stale read models caused over 300 customer contacts "
                    "during the January rate change, so each use now needs its own ADR."
                ),
            ),
        ],
    },
    {
        "slug": "circuit-breakers",
        "name": "Circuit breakers",
        "quadrant": "techniques",
        "summary": "Fail fast on unhealthy dependencies so a slow card processor or credit bureau cannot take us down.",
        "description": (
            "A circuit breaker wraps calls to a remote dependency and stops calling it once failures or latency cross "
            "a threshold, returning a fallback until probes show the dependency has recovered. In payments the "
            "alternative is threads piling up behind a slow scheme gateway until the whole authorisation path times "
            "out.\n\n"
            "Every outbound call to card processors, the fraud engine, credit bureaus and the SEPA gateway goes "
            "through Resilience4j on the JVM or Polly on .NET, configured by the service templates. Breaker state is "
            "exported as OpenTelemetry metrics and sits on the payments on-call dashboard.\n\n"
            "Tune thresholds per dependency from real latency data, and design fallbacks with the product owner: for "
            "card authorisations, stand-in processing rules are a business decision, not a developer default."
        ),
        "tags": ["resilience", "payments"],
        "owner": "Payments Platform",
        "links": [("CircuitBreaker (Martin Fowler)", "https://martinfowler.com/bliki/CircuitBreaker.html")],
        "history": [
            (
                "2025-04-02",
                "adopt",
                (
                    "Imported from the 2024 architecture review: mandatory for external calls since the October 2024 "
                    "fraud-engine brown-out."
                ),
            ),
        ],
    },
    {
        "slug": "strangler-fig",
        "name": "Strangler fig pattern",
        "quadrant": "techniques",
        "summary": "Replace legacy systems incrementally behind a routing facade instead of a big-bang rewrite.",
        "description": (
            "The strangler fig pattern puts a facade in front of a legacy system and moves capabilities one slice at a "
            "time to new services until the old system can be switched off. Each slice is released, measured and "
            "reversible on its own.\n\n"
            "It is our approach for retiring the 2012-era loan management system and the on-premise payment hub. The "
            "API gateway routes individual operations to the new services, and the architecture dashboard tracks the "
            "share of traffic still reaching legacy; loan servicing passed 70% migrated in early 2026.\n\n"
            "The trap is the long tail: the last 10% of features (manual adjustments, rarely used reports) can keep a "
            "legacy system alive for years. Budget for it explicitly and agree a decommissioning date up front."
        ),
        "tags": ["architecture", "legacy"],
        "owner": "Architecture Office",
        "links": [
            ("StranglerFigApplication (Martin Fowler)", "https://martinfowler.com/bliki/StranglerFigApplication.html"),
        ],
        "history": [
            (
                "2025-04-02",
                "adopt",
                (
                    "Imported from the 2024 architecture review: the agreed migration approach for the loan management "
                    "system and the on-premise payment hub."
                ),
            ),
        ],
    },
    {
        "slug": "feature-flags",
        "name": "Feature flags",
        "quadrant": "techniques",
        "summary": "Decouple deployment from release; standard for trunk-based teams, with flag hygiene enforced.",
        "description": (
            "Feature flags let us ship code dark and switch behaviour on per market, per customer segment or per "
            "percentage of traffic. They make trunk-based development and small batches practical for regulated "
            "changes such as new card product rules or lending affordability thresholds.\n\n"
            "Teams use the central flag service run by Developer Experience. Every flag has an owner, an expiry date "
            "and a ticket, and a weekly bot raises pull requests to remove flags that have been fully on for 30 days. "
            "Release flags on payment flows need a second approver in the flag console.\n\n"
            "Flags are not a substitute for configuration management or entitlements. Long-lived, permission-style "
            "flags belong in the product's own data model, where they are tested and audited like any business rule."
        ),
        "tags": ["delivery", "continuous-delivery"],
        "owner": "Developer Experience",
        "links": [("Feature Toggles (martinfowler.com)", "https://martinfowler.com/articles/feature-toggles.html")],
        "history": [
            (
                "2025-04-02",
                "trial",
                (
                    "Imported from the 2024 architecture review: used by Digital Channels and Cards Engineering "
                    "without org-wide conventions."
                ),
            ),
            (
                "2025-09-16",
                "adopt",
                (
                    "The flag expiry bot removed 412 stale flags in its first quarter and all five delivery streams "
                    "now release behind flags, so flags are our default release mechanism."
                ),
            ),
        ],
    },
    {
        "slug": "blue-green-deployment",
        "name": "Blue-green deployment",
        "quadrant": "techniques",
        "summary": "Switch traffic between two identical versions; great for stateless APIs, harder with consumers.",
        "description": (
            "Blue-green deployment runs the new version next to the old one and switches traffic once it is healthy, "
            "keeping the old version warm for an instant rollback. On AKS we implement it with Argo Rollouts and the "
            "ingress controller rather than duplicate clusters.\n\n"
            "Card controls, the customer API gateway and the lending quote service deploy this way, and rollbacks went "
            "from about 20 minutes to under one. It pairs naturally with expand-and-contract database migrations.\n\n"
            "It stays in Trial because stateful consumers (Kafka consumer groups, scheduled settlement jobs) need "
            "careful handling to avoid double processing while both colours are live, and some teams find canary "
            "releases a better fit."
        ),
        "tags": ["delivery", "kubernetes", "resilience"],
        "owner": "Cloud Platform",
        "links": [("BlueGreenDeployment (Martin Fowler)", "https://martinfowler.com/bliki/BlueGreenDeployment.html")],
        "history": [
            (
                "2025-04-02",
                "trial",
                (
                    "Imported from the 2024 architecture review: piloted on the customer API gateway during the 2024 "
                    "AKS migration."
                ),
            ),
        ],
    },
    {
        "slug": "contract-testing-pact",
        "name": "Contract testing with Pact",
        "quadrant": "techniques",
        "summary": "Consumer-driven contract tests replace a brittle shared integration environment as a release gate.",
        "description": (
            "Contract testing verifies that a provider honours the expectations its consumers have recorded, without "
            "deploying both together. Pact covers HTTP APIs and, with message pacts, the Kafka and Service Bus events "
            "that make up most of our integrations.\n\n"
            "Developer Experience hosts the Pact Broker, and the `can-i-deploy` check is a required step in the golden "
            "GitHub Actions deployment workflow. Since payments, cards and lending adopted it, the shared integration "
            "environment is gone and its outages no longer block releases.\n\n"
            "Contracts capture what consumers use, not the full business behaviour. Keep a thin layer of end-to-end "
            "journeys for the money-moving paths, and do not turn pacts into exhaustive provider tests."
        ),
        "tags": ["testing", "api", "delivery"],
        "owner": "Developer Experience",
        "links": [("Pact documentation", "https://docs.pact.io/")],
        "history": [
            (
                "2025-06-03",
                "assess",
                (
                    "Proposed after the shared SIT environment was down for nine working days in April 2025 and "
                    "blocked three payment releases."
                ),
            ),
            (
                "2025-10-21",
                "trial",
                (
                    "Pilots in Payments Platform and Cards Engineering caught 14 breaking API changes before merge, so "
                    "the rollout extends to all teams."
                ),
            ),
            (
                "2026-06-23",
                "adopt",
                (
                    "All 38 services with HTTP or event consumers now publish pacts and the SIT environment was "
                    "switched off in June 2026."
                ),
            ),
        ],
    },
    {
        "slug": "trunk-based-development",
        "name": "Trunk-based development",
        "quadrant": "techniques",
        "summary": "Integrate small changes into main at least daily; the foundation of our delivery targets.",
        "description": (
            "In trunk-based development everyone integrates into a single main branch at least daily, through "
            "short-lived branches and pull requests reviewed within hours. Incomplete work hides behind feature flags "
            "rather than in branches.\n\n"
            "It is the expected way of working for all product teams and what our DORA metrics dashboards are "
            "calibrated against. Teams that moved from release branches cut lead time for changes from weeks to about "
            "two days with no increase in change failure rate.\n\n"
            "Regulatory change control does not require release branches: the evidence auditors need (reviews, test "
            "results, approvals) comes from the pipeline, not from the branching model."
        ),
        "tags": ["delivery", "continuous-delivery", "developer-experience"],
        "owner": "Developer Experience",
        "links": [("Trunk Based Development", "https://trunkbaseddevelopment.com/")],
        "history": [
            (
                "2025-04-02",
                "adopt",
                (
                    "Imported from the 2024 architecture review: the default for all product teams since the 2023 "
                    "delivery transformation."
                ),
            ),
        ],
    },
    {
        "slug": "architecture-decision-records",
        "name": "Architecture decision records (ADRs)",
        "quadrant": "techniques",
        "summary": "Record significant decisions as short Markdown files next to the code they affect.",
        "description": (
            "An architecture decision record captures one decision: its context, the options considered, the decision "
            "and its consequences. We use a lightweight MADR-style template kept in each repository under "
            "`docs/adr`.\n\n"
            "ADRs are the evidence trail for our DORA ICT risk framework and the input to this radar: a blip moving to "
            "Adopt or Hold references the ADRs behind it. Backstage indexes them, so teams can find earlier decisions "
            "on idempotency or card data retention before reopening the debate.\n\n"
            "Keep them short and write them when the decision is made, not afterwards. An ADR nobody reads during "
            "design review is documentation theatre."
        ),
        "tags": ["architecture", "governance"],
        "owner": "Architecture Office",
        "links": [
            ("Architectural Decision Records", "https://adr.github.io/"),
            (
                "Documenting Architecture Decisions (Michael Nygard)",
                "https://cognitect.com/blog/2011/11/15/documenting-architecture-decisions",
            ),
        ],
        "history": [
            (
                "2025-04-02",
                "adopt",
                (
                    "Imported from the 2024 architecture review: required for decisions that cross team boundaries or "
                    "touch regulated data."
                ),
            ),
        ],
    },
    {
        "slug": "threat-modelling",
        "name": "Threat modelling",
        "quadrant": "techniques",
        "summary": (
            "Lightweight, collaborative threat modelling for every new service and every change to a money flow."
        ),
        "description": (
            "Threat modelling asks four questions: what are we building, what can go wrong, what are we going to do "
            "about it, and did we do a good job? We run it as a 60 to 90 minute whiteboard session with the team, "
            "using STRIDE as a prompt and focusing on trust boundaries around card data, payment initiation and credit "
            "decisions.\n\n"
            "Security Engineering trained a champion in every team, and a threat model is a prerequisite for "
            "production access on new services. Sessions keep finding issues scanners cannot, such as a refund "
            "endpoint that trusted an amount supplied by the client.\n\n"
            "Keep models alive: revisit them when data flows change, and store them next to the ADRs rather than in a "
            "slide deck."
        ),
        "tags": ["security", "compliance"],
        "owner": "Security Engineering",
        "links": [
            ("Threat Modeling Manifesto", "https://www.threatmodelingmanifesto.org/"),
            ("OWASP Threat Modeling", "https://owasp.org/www-community/Threat_Modeling"),
        ],
        "history": [
            (
                "2025-04-02",
                "adopt",
                (
                    "Imported from the 2024 architecture review: mandated for new services after the PCI DSS v4.0 gap "
                    "analysis."
                ),
            ),
        ],
    },
    {
        "slug": "sboms",
        "name": "Software bills of materials (SBOMs)",
        "quadrant": "techniques",
        "summary": (
            "Generate an attested CycloneDX SBOM for every build so we can answer 'are we affected?' in minutes."
        ),
        "description": (
            "A software bill of materials lists every component, version and licence in a build artefact. When the "
            "next Log4Shell-class vulnerability lands, an SBOM inventory turns a week of searching repositories into a "
            "query.\n\n"
            "Every container image built by the golden GitHub Actions workflow emits a CycloneDX SBOM that is attested "
            "and stored next to the image. Security Engineering ingests them into Dependency-Track, and SBOMs for "
            "card-processing components are shared with our PCI assessor on request.\n\n"
            "Generating SBOMs is the easy part; consuming them is where the value is. Coverage of vendor appliances is "
            "poor and VEX statements to suppress non-exploitable findings are still manual. The EU Cyber Resilience "
            "Act will raise expectations for the software we ship to partners."
        ),
        "tags": ["security", "supply-chain", "compliance"],
        "owner": "Security Engineering",
        "links": [
            ("CycloneDX", "https://cyclonedx.org/"),
            ("CISA: Software Bill of Materials", "https://www.cisa.gov/sbom"),
        ],
        "history": [
            (
                "2025-07-08",
                "assess",
                (
                    "Raised by Security Engineering after confirming our exposure to a critical transitive dependency "
                    "advisory took four days in June 2025."
                ),
            ),
            (
                "2026-01-20",
                "trial",
                (
                    "Golden-path images for all payments and cards services now ship attested CycloneDX SBOMs that are "
                    "indexed in Dependency-Track."
                ),
            ),
        ],
    },
    {
        "slug": "zero-trust-networking",
        "name": "Zero-trust networking",
        "quadrant": "techniques",
        "summary": "Authenticate and authorise every service call instead of trusting the network perimeter.",
        "description": (
            "Zero-trust networking assumes the network is hostile: every request carries a verifiable workload "
            "identity, is authorised against policy and is encrypted in transit, wherever it comes from. NIST SP "
            "800-207 is the reference model.\n\n"
            "Today we rely on hub-and-spoke virtual networks, network security groups and private endpoints, with "
            "mutual TLS only inside the cardholder data environment. Security Engineering is assessing AKS workload "
            "identity and identity-aware network policies as the route to identity-based policy everywhere.\n\n"
            "This is a multi-year journey, not a product purchase. The hard part is the inventory of who talks to "
            "whom; we start with the cardholder data environment, where PCI DSS segmentation evidence gives us a head "
            "start."
        ),
        "tags": ["security", "kubernetes", "azure"],
        "owner": "Security Engineering",
        "links": [("NIST SP 800-207 Zero Trust Architecture", "https://csrc.nist.gov/pubs/sp/800/207/final")],
        "history": [
            (
                "2025-08-19",
                "assess",
                (
                    "Added after the DORA dependency mapping found 140 undocumented east-west flows inside the "
                    "payments virtual network."
                ),
            ),
        ],
    },
    {
        "slug": "iso-20022",
        "name": "ISO 20022 messaging",
        "quadrant": "techniques",
        "summary": "Use ISO 20022 (pain, pacs, camt) as our canonical payment model, not just at the scheme boundary.",
        "description": (
            "ISO 20022 is the structured message standard used by SEPA, TARGET2 and SWIFT cross-border payments "
            "(CBPR+). Its structured party and remittance data is far better for sanctions screening, reconciliation "
            "and Verification of Payee than legacy fixed-field formats.\n\n"
            "Payments Platform models payment orders internally on pain.001 and pacs.008 semantics, with camt.053 and "
            "camt.054 driving reconciliation, and translates only at the edge for the few corporate clients still on "
            "MT or CSV files. The end of MT coexistence for cross-border payments in November 2025 was a non-event for "
            "us because of this.\n\n"
            "Do not pass raw XML around internally: use the generated typed models and the JSON projections on Kafka. "
            "Follow the market practice guides closely; usage rules differ between SEPA, CBPR+ and domestic schemes."
        ),
        "tags": ["payments", "standards", "integration"],
        "owner": "Payments Platform",
        "links": [("ISO 20022", "https://www.iso20022.org/")],
        "history": [
            (
                "2025-04-02",
                "adopt",
                (
                    "Imported from the 2024 architecture review: SEPA and SCT Inst flows have used it end to end since "
                    "the 2024 payment hub rebuild."
                ),
            ),
        ],
    },
    {
        "slug": "pci-dss-tokenisation",
        "name": "PCI DSS scope reduction via tokenisation",
        "quadrant": "techniques",
        "summary": "Swap PANs for tokens at the edge so that only a small vault stays in PCI DSS scope.",
        "description": (
            "Tokenisation replaces the primary account number with a surrogate value as early as possible, so that "
            "downstream systems (statements, disputes, analytics, customer service) never see card data and fall out "
            "of PCI DSS scope.\n\n"
            "Cards Engineering runs the token vault in an isolated AKS cluster with HSM-backed keys; only the "
            "authorisation service, the processor gateway and the vault sit in the cardholder data environment. This "
            "took our CDE from 61 systems to 9 and roughly halved the effort of the annual PCI DSS v4.0.1 "
            "assessment.\n\n"
            "Any new data flow that might carry a PAN, including logs, support tooling and LLM prompts, needs a review "
            "with Cards Engineering. Tokens must not be reversible outside the vault, and format-preserving tokens "
            "must never pass a downstream Luhn check as a real card number."
        ),
        "tags": ["pci-dss", "cards", "security", "compliance"],
        "owner": "Cards Engineering",
        "links": [("PCI Security Standards Council", "https://www.pcisecuritystandards.org/")],
        "history": [
            (
                "2025-04-02",
                "adopt",
                (
                    "Imported from the 2024 architecture review: the token vault went live in 2024 and is mandatory "
                    "for any system that handles card data."
                ),
            ),
        ],
    },
    {
        "slug": "idempotency-keys",
        "name": "Idempotency keys for payment APIs",
        "quadrant": "techniques",
        "summary": "Every state-changing payment API accepts an Idempotency-Key, so retries never move money twice.",
        "description": (
            "Clients send a unique `Idempotency-Key` header with every request that creates or changes a payment, "
            "refund, card load or loan disbursement. The server stores the key with a fingerprint of the request and "
            "returns the original response for any retry, so timeouts can be retried safely.\n\n"
            "The pattern is part of our API guidelines and of the shared Spring Boot and .NET middleware. Keys are "
            "stored in PostgreSQL in the same transaction as the business change and kept for 72 hours; reusing a key "
            "with a different payload is rejected with HTTP 422.\n\n"
            "Idempotency has to hold end to end: the key must propagate to downstream calls (scheme gateways, the "
            "ledger) and into Kafka events, otherwise a safe retry at the edge still creates duplicates further down."
        ),
        "tags": ["payments", "api", "resilience"],
        "owner": "Payments Platform",
        "links": [
            (
                "IETF draft: The Idempotency-Key HTTP Header Field",
                "https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/",
            ),
        ],
        "history": [
            (
                "2025-04-02",
                "adopt",
                (
                    "Imported from the 2024 architecture review: mandated after a 2023 mobile-app retry storm created "
                    "1,100 duplicate SEPA transfers."
                ),
            ),
        ],
    },
    {
        "slug": "outbox-pattern",
        "name": "Outbox pattern",
        "quadrant": "techniques",
        "summary": "Write events to an outbox table in the business transaction, then relay them; never dual-write.",
        "description": (
            "The transactional outbox writes the business change and the event describing it in the same database "
            "transaction, and a separate relay publishes outbox rows to Kafka or Azure Service Bus. It removes the "
            "classic dual-write bug where the database commits but the message is lost, or the reverse.\n\n"
            "All services that publish domain events use it through the outbox libraries in the Spring Boot and .NET "
            "templates; the relay is a polling publisher today. Consumers must still be idempotent, because the relay "
            "guarantees at-least-once delivery.\n\n"
            "Treat outbox growth and relay lag as first-class SLOs: a stuck relay looks like a silent payment delay to "
            "customers. Log-based change data capture has been proposed as a replacement for polling."
        ),
        "tags": ["messaging", "resilience", "architecture"],
        "owner": "Payments Platform",
        "links": [
            ("Pattern: Transactional outbox", "https://microservices.io/patterns/data/transactional-outbox.html"),
        ],
        "history": [
            (
                "2025-04-02",
                "adopt",
                (
                    "Imported from the 2024 architecture review: required for event publication after lost ledger "
                    "events caused a 2024 reconciliation break."
                ),
            ),
        ],
    },
    {
        "slug": "chaos-engineering",
        "name": "Chaos engineering",
        "quadrant": "techniques",
        "summary": "Run controlled failure experiments in pre-production and, with sign-off, in production.",
        "description": (
            "Chaos engineering tests resilience hypotheses by deliberately injecting failures (killed pods, added "
            "latency, a lost availability zone, an expired certificate) and checking that the system, and the people "
            "running it, behave as expected.\n\n"
            "Cloud Platform runs quarterly game days with Azure Chaos Studio and Chaos Mesh on AKS, starting in the "
            "performance environment. The first payments game day showed that the SCT Inst gateway did not fail over "
            "cleanly between zones; the fix shipped before the October 2025 instant payments deadline.\n\n"
            "Start with a steady-state hypothesis and a small blast radius, and get business sign-off before anything "
            "runs in production. Under DORA, the evidence from game days is valuable well beyond engineering."
        ),
        "tags": ["resilience", "kubernetes", "azure"],
        "owner": "Cloud Platform",
        "links": [
            ("Principles of Chaos Engineering", "https://principlesofchaos.org/"),
            ("Azure Chaos Studio", "https://learn.microsoft.com/en-us/azure/chaos-studio/"),
        ],
        "history": [
            (
                "2025-04-02",
                "assess",
                (
                    "Imported from the 2024 architecture review: one exploratory game day had been run on the lending "
                    "platform in late 2024."
                ),
            ),
            (
                "2026-02-10",
                "trial",
                (
                    "Four game days across payments and cards found six resilience gaps, including the SCT Inst zone "
                    "failover, and now feed our DORA resilience testing evidence."
                ),
            ),
        ],
    },
    {
        "slug": "platform-engineering",
        "name": "Platform engineering",
        "quadrant": "techniques",
        "summary": "Run the internal developer platform as a product with users, a roadmap and golden paths.",
        "description": (
            "Platform engineering builds self-service capabilities (environments, pipelines, observability, secrets, "
            "databases) as an internal product, so that product teams can ship without filing tickets or becoming "
            "Kubernetes experts.\n\n"
            "Cloud Platform and Developer Experience run the platform with a product manager, quarterly user research "
            "and published SLOs. The Spring Boot and .NET golden paths give a team a compliant service, with pipeline, "
            "dashboards, alerts and PCI-aware network policy, in under an hour.\n\n"
            "The risk is building a platform nobody asked for. Measure adoption and satisfaction, keep paved roads "
            "optional where teams have good reasons to differ, and do not mandate internal products that are not yet "
            "better than the alternatives."
        ),
        "tags": ["developer-experience", "platform", "kubernetes"],
        "owner": "Cloud Platform",
        "links": [("CNCF Platforms White Paper", "https://tag-app-delivery.cncf.io/whitepapers/platforms/")],
        "history": [
            (
                "2025-04-02",
                "trial",
                (
                    "Imported from the 2024 architecture review: the platform team was formed in 2024 with two golden "
                    "paths in beta."
                ),
            ),
            (
                "2025-12-09",
                "adopt",
                (
                    "Golden paths now host 85% of production services and the time to first production deployment of a "
                    "new service fell from three weeks to one day."
                ),
            ),
        ],
    },
    {
        "slug": "hand-rolled-cryptography",
        "name": "Hand-rolled cryptography",
        "quadrant": "techniques",
        "summary": "Do not implement your own encryption, signing, key derivation or token schemes.",
        "description": (
            "Hand-rolled cryptography covers anything from a home-made encryption wrapper around AES, to custom HMAC "
            "signing of webhooks, to PIN-block handling outside an HSM. The primitives are usually fine; the "
            "construction (modes, padding, nonce reuse, constant-time comparison, key handling) is where it fails.\n\n"
            "Use the vetted options: HashiCorp Vault transit or Azure Key Vault for application-level encryption, the "
            "HSMs for card and PIN keys, standard JOSE libraries for tokens and the platform signing library for "
            "webhooks. A Semgrep rule flags direct use of low-level crypto APIs in pull requests.\n\n"
            "We still find examples during threat modelling, most recently a legacy lending service that encrypted "
            "bank details with a static IV. If you think you need something new, talk to Security Engineering first."
        ),
        "tags": ["security", "cryptography"],
        "owner": "Security Engineering",
        "links": [
            (
                "OWASP Cryptographic Storage Cheat Sheet",
                "https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html",
            ),
        ],
        "history": [
            (
                "2025-04-02",
                "hold",
                (
                    "Imported from the 2024 architecture review: a custom AES-ECB wrapper was found in the broker "
                    "portal during the 2024 penetration test."
                ),
            ),
        ],
    },
    {
        "slug": "shared-integration-databases",
        "name": "Shared integration databases",
        "quadrant": "techniques",
        "summary": "Integrating by reading and writing each other's tables couples teams and hides data ownership.",
        "description": (
            "An integration database is a schema that several applications read and write as their way of exchanging "
            "data. It is quick to start with, then turns every schema change into a cross-team negotiation and makes "
            "it impossible to say which system is the source of truth for a balance.\n\n"
            "The legacy loan management system and the old payment hub still share an Oracle schema with nine other "
            "applications; untangling it is the largest item on the strangler fig roadmap. New services own their data "
            "and expose it through APIs or events.\n\n"
            "Read-only reporting replicas and the lakehouse are the sanctioned ways to combine data across domains. If "
            "you need another team's data synchronously, ask for an API, not a database login."
        ),
        "tags": ["architecture", "database", "legacy"],
        "owner": "Architecture Office",
        "links": [("IntegrationDatabase (Martin Fowler)", "https://martinfowler.com/bliki/IntegrationDatabase.html")],
        "history": [
            (
                "2025-04-02",
                "hold",
                (
                    "Imported from the 2024 architecture review: the shared Oracle schema behind lending and payments "
                    "blocked three schema migrations in 2024."
                ),
            ),
        ],
    },
    {
        "slug": "long-lived-feature-branches",
        "name": "Long-lived feature branches",
        "quadrant": "techniques",
        "summary": "Branches that live for weeks hide integration risk until the worst possible moment.",
        "description": (
            "A long-lived feature branch collects weeks of work away from main and integrates it in one large merge. "
            "Merge conflicts are the visible cost; the hidden cost is that the work was never tested with everyone "
            "else's changes, and reviews of 3,000-line pull requests are rubber stamps.\n\n"
            "Our own data shows that pull requests open for more than five days have three times the change failure "
            "rate of those merged within a day. Use trunk-based development, feature flags and branch by abstraction "
            "instead, including for large regulatory changes.\n\n"
            "Developer Experience publishes a weekly report of branches older than seven days per team. It is a "
            "conversation starter, not a KPI."
        ),
        "tags": ["delivery", "developer-experience"],
        "owner": "Developer Experience",
        "links": [
            ("Patterns for Managing Source Code Branches", "https://martinfowler.com/articles/branching-patterns.html"),
        ],
        "history": [
            (
                "2025-04-02",
                "hold",
                (
                    "Imported from the 2024 architecture review: the 2024 card-product migration branch lived 11 weeks "
                    "and its merge caused a four-hour authorisation degradation."
                ),
            ),
        ],
    },
    {
        "slug": "passkeys",
        "name": "Passkeys for customer authentication",
        "quadrant": "techniques",
        "summary": "FIDO2 passkeys as a phishing-resistant factor for login and strong customer authentication.",
        "description": (
            "Passkeys are FIDO2 credentials synced by the platform or bound to a device. They resist phishing, take "
            "passwords and SMS one-time codes out of the login journey, and combined with device biometrics can serve "
            "as the possession factor for strong customer authentication.\n\n"
            "Digital Channels is assessing them for web banking login and for approving card-not-present transactions, "
            "with Keycloak's WebAuthn support on the server side. Prototypes show better login conversion and a large "
            "drop in SMS costs.\n\n"
            "Open questions: account recovery without reintroducing weak factors, how fraud models should treat synced "
            "credentials, and how dynamic linking evidence for payment approvals is captured."
        ),
        "tags": ["security", "identity", "mobile"],
        "owner": "Digital Channels",
        "links": [("FIDO Alliance: Passkeys", "https://fidoalliance.org/passkeys/")],
        "history": [
            (
                "2025-12-02",
                "assess",
                (
                    "Proposed after fraud losses from SMS one-time-password interception on card-not-present "
                    "transactions doubled in Q3 2025."
                ),
            ),
        ],
    },
    {
        "slug": "ai-coding-agents",
        "name": "AI coding agents",
        "quadrant": "techniques",
        "summary": "Agents that plan, edit and test code across a repository; promising for toil, risky unguarded.",
        "description": (
            "AI coding agents go beyond autocompletion: given an issue, they explore the repository, change several "
            "files, run the tests and open a pull request. They are now good enough for dependency upgrades, test "
            "backfilling and mechanical framework migrations.\n\n"
            "Developer Experience is running a time-boxed assessment with four teams on repositories outside the "
            "cardholder data environment. Agents work only through pull requests, in sandboxed runners without "
            "production credentials. Results are good for mechanical work such as Spring Boot upgrades and poor for "
            "anything touching ledger invariants.\n\n"
            "Every agent-authored change needs a human reviewer who understands it. We are watching review fatigue, "
            "licence provenance and prompt injection through issue text and dependencies closely."
        ),
        "tags": ["ai", "developer-experience"],
        "owner": "Developer Experience",
        "links": [("GitHub Copilot documentation", "https://docs.github.com/en/copilot")],
        "history": [
            (
                "2026-02-17",
                "assess",
                (
                    "Started a ten-week assessment with four teams after Copilot usage data showed most remaining toil "
                    "was multi-file upgrade work."
                ),
            ),
        ],
    },
    {
        "slug": "open-banking-creditworthiness",
        "name": "Open banking data for creditworthiness checks",
        "quadrant": "techniques",
        "summary": "Use consented PSD2 account data to assess affordability instead of relying on bureau data alone.",
        "description": (
            "With the customer's consent, PSD2 account information services give us categorised income and expenditure "
            "from their current accounts. For thin-file applicants and affordability checks this is a richer and more "
            "current signal than a credit bureau file.\n\n"
            "Lending Engineering is assessing two aggregators against our own categorisation model in Databricks, "
            "ahead of the revised Consumer Credit Directive, which raises the bar for creditworthiness assessments. "
            "The first goal is a shadow-mode decision on unsecured personal loans.\n\n"
            "Consent drop-off in the journey, the quality of bank APIs and data minimisation for special-category "
            "transactions (health, gambling) need answers before any credit decision depends on it."
        ),
        "tags": ["lending", "data", "api", "compliance"],
        "owner": "Lending Engineering",
        "links": [("Berlin Group NextGenPSD2", "https://www.berlin-group.org/")],
        "history": [
            (
                "2026-06-09",
                "assess",
                (
                    "Added after the CCD2 gap analysis showed our bureau-only affordability model will not meet the "
                    "new creditworthiness rules for thin-file applicants."
                ),
            ),
        ],
    },
    # ---- Tools -----------------------------------------------------------------------------------------------
    {
        "slug": "terraform",
        "name": "Terraform",
        "quadrant": "tools",
        "summary": "Existing stacks keep running, but new infrastructure code starts on OpenTofu.",
        "description": (
            "Terraform has been our infrastructure-as-code tool since 2019 and describes almost all Azure landing "
            "zones, AKS clusters and databases through a library of internal modules. It served us well.\n\n"
            "HashiCorp's move to the Business Source Licence and IBM's acquisition of HashiCorp did not change our "
            "day-to-day usage, but they changed our risk position for a tool at the heart of a regulated estate. Once "
            "the OpenTofu migration proved to be low effort, we put Terraform on Hold for new stacks.\n\n"
            "Existing Terraform stacks remain supported until they are migrated during normal maintenance; there is no "
            "big-bang migration. Until then, do not adopt features OpenTofu lacks, such as HCP Terraform-only "
            "workflows."
        ),
        "tags": ["infrastructure-as-code", "licensing", "azure"],
        "owner": "Cloud Platform",
        "links": [("Terraform", "https://developer.hashicorp.com/terraform")],
        "history": [
            (
                "2025-04-09",
                "adopt",
                (
                    "Imported from the 2024 architecture review: the standard for all Azure infrastructure, with more "
                    "than 600 state files."
                ),
            ),
            (
                "2026-07-14",
                "hold",
                (
                    "With 70% of state files migrated to OpenTofu without incident, new stacks must start on OpenTofu "
                    "so we do not run two toolchains indefinitely."
                ),
            ),
        ],
    },
    {
        "slug": "opentofu",
        "name": "OpenTofu",
        "quadrant": "tools",
        "summary": "The open-source Terraform fork under the Linux Foundation; our default IaC tool for new stacks.",
        "description": (
            "OpenTofu is the community fork of Terraform created after the 2023 licence change, governed by the Linux "
            "Foundation and compatible with existing providers, modules and state. It has since added features we "
            "value, notably client-side state encryption.\n\n"
            "Cloud Platform migrated the landing-zone and AKS stacks first, then the database modules; for most stacks "
            "the change was a binary swap and a `tofu init`. State encryption lets us keep state for CDE "
            "infrastructure in storage the wider platform team cannot read.\n\n"
            "Providers are shared with Terraform, so provider quality is unchanged. Watch language divergence: modules "
            "we share with external partners should stay compatible with both tools for now."
        ),
        "tags": ["infrastructure-as-code", "licensing", "azure"],
        "owner": "Cloud Platform",
        "links": [("OpenTofu", "https://opentofu.org/")],
        "history": [
            (
                "2025-06-17",
                "assess",
                (
                    "Added after IBM completed its HashiCorp acquisition and procurement flagged the BSL terms in our "
                    "Terraform Enterprise renewal."
                ),
            ),
            (
                "2026-01-27",
                "trial",
                (
                    "The pilot migrated 120 non-CDE state files in six weeks with zero plan differences, and state "
                    "encryption met our CDE requirements."
                ),
            ),
            (
                "2026-07-14",
                "adopt",
                (
                    "70% of state files are migrated and the rest move during routine maintenance, so OpenTofu is now "
                    "the default for infrastructure code."
                ),
            ),
        ],
    },
    {
        "slug": "argo-cd",
        "name": "Argo CD",
        "quadrant": "tools",
        "summary": "GitOps delivery for AKS: cluster state is whatever is merged in the environment repositories.",
        "description": (
            "Argo CD continuously reconciles Kubernetes clusters with manifests stored in Git and shows drift, health "
            "and sync status in one place. Together with Argo Rollouts it gives us progressive delivery on AKS.\n\n"
            "Every AKS cluster, including the cardholder data environment, is managed by Argo CD. GitHub Actions "
            "builds and signs the image, then opens a pull request against the environment repository; the merge is "
            "the deployment and the approval trail our auditors review.\n\n"
            "Run one Argo CD instance per security zone rather than one for everything, keep ApplicationSet templates "
            "owned by Cloud Platform, and resist 'just kubectl apply' during incidents: self-heal will revert it."
        ),
        "tags": ["ci-cd", "kubernetes", "delivery"],
        "owner": "Cloud Platform",
        "links": [("Argo CD", "https://argo-cd.readthedocs.io/")],
        "history": [
            (
                "2025-04-09",
                "trial",
                (
                    "Imported from the 2024 architecture review: managing the non-production AKS clusters since the "
                    "2024 cluster rebuild."
                ),
            ),
            (
                "2025-09-02",
                "adopt",
                (
                    "Production and CDE clusters moved to Argo CD without a deployment incident, and our PCI assessor "
                    "accepted Git history as change evidence."
                ),
            ),
        ],
    },
    {
        "slug": "github-actions",
        "name": "GitHub Actions",
        "quadrant": "tools",
        "summary": "Our CI platform, with reusable golden workflows and isolated runners for CDE builds.",
        "description": (
            "GitHub Actions runs CI for every repository in our GitHub Enterprise organisation. Developer Experience "
            "maintains reusable workflows for Java, .NET, TypeScript and Python that bundle tests, static analysis, "
            "image signing, SBOM generation and the Pact `can-i-deploy` check.\n\n"
            "GitHub-hosted runners handle most builds; components of the cardholder data environment build on "
            "ephemeral self-hosted runners inside the CDE network. OIDC federation to Azure removed long-lived cloud "
            "credentials from CI entirely.\n\n"
            "Pin third-party actions to a full commit SHA (the 2025 tj-actions/changed-files compromise showed why "
            "tags are not enough) and prefer the golden workflows over copied YAML."
        ),
        "tags": ["ci-cd", "developer-experience"],
        "owner": "Developer Experience",
        "links": [("GitHub Actions documentation", "https://docs.github.com/en/actions")],
        "history": [
            (
                "2025-04-09",
                "adopt",
                (
                    "Imported from the 2024 architecture review: the standard CI platform since the 2023 move away "
                    "from Bitbucket Pipelines and Jenkins."
                ),
            ),
        ],
    },
    {
        "slug": "github-copilot",
        "name": "GitHub Copilot",
        "quadrant": "tools",
        "summary": (
            "AI pair programmer for every engineer, with the public code filter on and CDE repositories excluded."
        ),
        "description": (
            "GitHub Copilot provides code completion, chat and pull request review suggestions in the IDE and on "
            "GitHub. We use the Business plan with the public code filter enabled and content exclusions for "
            "repositories in the cardholder data environment.\n\n"
            "After a 60-engineer pilot every engineer has a seat. The benefits are real but uneven: teams see the "
            "biggest gains on tests, mapping code and unfamiliar languages, and little or none on complex domain "
            "logic.\n\n"
            "It stays in Trial because the review burden shifts to senior engineers and we have not yet seen an "
            "improvement in lead time or change failure rate. Agentic features are covered by the separate AI coding "
            "agents blip."
        ),
        "tags": ["ai", "developer-experience"],
        "owner": "Developer Experience",
        "links": [("GitHub Copilot", "https://github.com/features/copilot")],
        "history": [
            (
                "2025-04-09",
                "assess",
                (
                    "Imported from the 2024 architecture review: blocked pending a data protection impact assessment "
                    "and legal review of code-referencing risk."
                ),
            ),
            (
                "2025-07-29",
                "trial",
                (
                    "The DPIA was approved and the 60-engineer pilot reported 25% faster test writing, so seats were "
                    "extended to all engineers."
                ),
            ),
        ],
    },
    {
        "slug": "grafana",
        "name": "Grafana",
        "quadrant": "tools",
        "summary": "Single pane of glass for metrics, logs and traces, with dashboards and alerts as code.",
        "description": (
            "Grafana is our visualisation and alerting front end over managed Prometheus metrics, Loki logs and Tempo "
            "traces. Payment operations, card authorisation health and the lending funnel are all watched here.\n\n"
            "Dashboards and alert rules are provisioned from Git by the golden path, so every new service starts with "
            "RED dashboards and SLO burn-rate alerts. Payment operations staff use the same dashboards as engineers "
            "during incidents, which has noticeably shortened triage.\n\n"
            "Avoid dashboard sprawl: hand-built dashboards untouched for 90 days are archived automatically. Alerts go "
            "through the shared on-call routing, never to personal email addresses."
        ),
        "tags": ["observability"],
        "owner": "Cloud Platform",
        "links": [("Grafana", "https://grafana.com/oss/grafana/")],
        "history": [
            (
                "2025-04-09",
                "adopt",
                (
                    "Imported from the 2024 architecture review: replaced Kibana and the Azure portal dashboards in "
                    "2024 as the standard observability front end."
                ),
            ),
        ],
    },
    {
        "slug": "jenkins-freestyle-jobs",
        "name": "Jenkins freestyle jobs",
        "quadrant": "tools",
        "summary": "Click-configured build jobs with no history or review; migrate them to GitHub Actions.",
        "description": (
            "Jenkins freestyle jobs are configured through the web UI, so their logic lives outside version control, "
            "changes go unreviewed and nobody can confidently rebuild the server from scratch. Ours run on a VM with "
            "plugins last updated in 2022.\n\n"
            "About 40 jobs remain, mostly nightly batch and reconciliation jobs for the legacy loan management system "
            "and file transfers to card processors. They move to GitHub Actions or to scheduled workloads on AKS as "
            "their owning systems are strangled.\n\n"
            "Do not create new freestyle jobs or extend existing ones. If a job is business critical, it deserves "
            "source control and monitoring."
        ),
        "tags": ["ci-cd", "legacy"],
        "owner": "Developer Experience",
        "links": [("Jenkins Pipeline documentation", "https://www.jenkins.io/doc/book/pipeline/")],
        "history": [
            (
                "2025-04-09",
                "hold",
                (
                    "Imported from the 2024 architecture review: the Jenkins server failed its 2024 access review "
                    "because of shared admin accounts."
                ),
            ),
        ],
    },
    {
        "slug": "azure-bicep",
        "name": "Azure Bicep",
        "quadrant": "tools",
        "summary": "A good Azure-native IaC language, but a second toolchain next to OpenTofu does not pay off for us.",
        "description": (
            "Bicep is Microsoft's domain-specific language for Azure Resource Manager deployments. It supports new "
            "Azure resource types from day one and has no state file to manage, which made it attractive to the "
            "lending teams.\n\n"
            "Two lending teams used it for application infrastructure while Cloud Platform used Terraform for landing "
            "zones. The result was duplicated modules, policy checks implemented twice and engineers who could not "
            "help each other across the divide.\n\n"
            "We put it on Hold for new infrastructure. Existing Bicep deployments are being ported to OpenTofu modules "
            "as lending moves onto the golden paths; Bicep is still fine for Azure Policy authoring and one-off "
            "scripts."
        ),
        "tags": ["infrastructure-as-code", "azure"],
        "owner": "Cloud Platform",
        "links": [
            ("Bicep documentation", "https://learn.microsoft.com/en-us/azure/azure-resource-manager/bicep/overview"),
        ],
        "history": [
            (
                "2025-04-09",
                "trial",
                (
                    "Imported from the 2024 architecture review: used by two lending teams for application resources "
                    "next to the Terraform landing zones."
                ),
            ),
            (
                "2025-08-26",
                "hold",
                (
                    "A Bicep network module that drifted from the Terraform baseline left a lending storage account "
                    "without its private endpoint for three hours."
                ),
            ),
        ],
    },
    {
        "slug": "k6",
        "name": "k6",
        "quadrant": "tools",
        "summary": "Scriptable load testing in JavaScript; we use it to rehearse payday and Black Friday peaks.",
        "description": (
            "k6 is an open-source load testing tool from Grafana Labs. Tests are JavaScript files run from the CLI or "
            "from Kubernetes, and results flow straight into Grafana. It replaces our ageing JMeter suites for HTTP "
            "and gRPC load.\n\n"
            "Payments Platform runs nightly k6 scenarios against the payments performance environment and a full peak "
            "rehearsal before payday and Black Friday, modelled on last year's traffic at twice the volume. The k6 "
            "operator on AKS generates load from inside our network.\n\n"
            "Keep tests in the service repository and review them like production code. Load tests against third-party "
            "sandboxes (card processors, credit bureaus) need the provider's written permission."
        ),
        "tags": ["testing", "performance"],
        "owner": "Payments Platform",
        "links": [("Grafana k6 documentation", "https://grafana.com/docs/k6/latest/")],
        "history": [
            (
                "2025-07-22",
                "assess",
                (
                    "Proposed after our JMeter suite failed to reproduce the May 2025 payday latency spike on the "
                    "payment initiation API."
                ),
            ),
            (
                "2026-03-03",
                "trial",
                (
                    "The Black Friday 2025 rehearsal with k6 exposed the Redis connection-pool bottleneck that would "
                    "have hit card authorisations at 1,800 TPS."
                ),
            ),
        ],
    },
    {
        "slug": "playwright",
        "name": "Playwright",
        "quadrant": "tools",
        "summary": "Cross-browser end-to-end testing with auto-waiting; a candidate to replace our Cypress suites.",
        "description": (
            "Playwright drives Chromium, Firefox and WebKit through one API, with auto-waiting, network interception "
            "and trace files that make flaky tests much easier to diagnose. It handles multiple tabs and origins, "
            "which our 3-D Secure challenge flows need.\n\n"
            "Digital Channels is assessing it on the card management web app, where the Cypress suite takes 40 minutes "
            "and stumbles on the cross-origin 3-D Secure step. A Playwright port of the top 50 journeys runs in 11 "
            "minutes, sharded across runners.\n\n"
            "Migration cost is the open question: we have about 900 Cypress tests. Any move should be incremental, and "
            "journeys already covered by contract tests should be retired rather than ported."
        ),
        "tags": ["testing", "frontend"],
        "owner": "Digital Channels",
        "links": [("Playwright", "https://playwright.dev/")],
        "history": [
            (
                "2025-09-23",
                "assess",
                (
                    "Added after Cypress flakiness on the 3-D Secure challenge journey blocked four web releases in "
                    "August 2025."
                ),
            ),
        ],
    },
    {
        "slug": "open-policy-agent",
        "name": "Open Policy Agent",
        "quadrant": "tools",
        "summary": "Policy as code in Rego for Kubernetes admission control and infrastructure plans.",
        "description": (
            "Open Policy Agent is a general-purpose policy engine: policies written in Rego are evaluated against JSON "
            "input, whether that is a Kubernetes admission request, an OpenTofu plan or an API authorisation decision. "
            "Gatekeeper and Conftest are the usual entry points.\n\n"
            "Security Engineering is assessing it to replace a mix of Azure Policy, custom pipeline scripts and "
            "checklist reviews with one set of tested policies, such as 'no public endpoints in the CDE' or 'every "
            "image signed and accompanied by an SBOM'.\n\n"
            "Rego has a learning curve, and policies are code that needs tests and owners. We also need to decide how "
            "far Azure Policy, which we need anyway for subscription governance, should go before adding a second "
            "engine."
        ),
        "tags": ["security", "governance", "kubernetes"],
        "owner": "Security Engineering",
        "links": [("Open Policy Agent", "https://www.openpolicyagent.org/")],
        "history": [
            (
                "2025-12-16",
                "assess",
                (
                    "Proposed after collecting evidence for the Q3 2025 PCI assessment took 120 hours of manual "
                    "configuration screenshots."
                ),
            ),
        ],
    },
    {
        "slug": "trivy",
        "name": "Trivy",
        "quadrant": "tools",
        "summary": "One open-source scanner for images, IaC and SBOMs; assessing it for fast pre-merge feedback.",
        "description": (
            "Trivy scans container images, file systems, infrastructure code and Kubernetes clusters for "
            "vulnerabilities, misconfigurations and secrets, and can produce and consume CycloneDX SBOMs. It is fast "
            "enough to run on every pull request.\n\n"
            "Image scanning today happens in Microsoft Defender for Containers after the push, which is too late for "
            "developers. Security Engineering is assessing Trivy in the golden workflow to fail builds on critical, "
            "fixable findings before images reach the registry.\n\n"
            "We do not want two sources of truth for vulnerability status. The assessment must settle how Trivy, "
            "Defender and Dependency-Track findings reconcile, and who approves exceptions."
        ),
        "tags": ["security", "supply-chain", "kubernetes"],
        "owner": "Security Engineering",
        "links": [("Trivy", "https://trivy.dev/")],
        "history": [
            (
                "2026-01-06",
                "assess",
                (
                    "Added after a critical OpenSSL finding reached production images because Defender reported it "
                    "only 36 hours after the push."
                ),
            ),
        ],
    },
    {
        "slug": "renovate",
        "name": "Renovate",
        "quadrant": "tools",
        "summary": "Automated dependency updates with grouping and auto-merge; a candidate to replace Dependabot.",
        "description": (
            "Renovate opens pull requests for dependency updates across package managers, Dockerfiles, Helm charts, "
            "GitHub Actions and OpenTofu modules, with grouping, scheduling and auto-merge rules configured centrally "
            "in shared presets.\n\n"
            "Dependabot works, but at our scale it is noisy: about 1,500 pull requests a month, one per dependency, "
            "many of them ignored. Developer Experience is assessing Renovate with presets that group non-major "
            "updates weekly and auto-merge patch updates when the pipeline is green.\n\n"
            "Auto-merge is only as safe as the tests behind it, so ledger, cryptography and card-processing libraries "
            "would be excluded. Running the self-hosted Renovate app is one more thing for the platform to operate."
        ),
        "tags": ["supply-chain", "developer-experience"],
        "owner": "Developer Experience",
        "links": [("Renovate documentation", "https://docs.renovatebot.com/")],
        "history": [
            (
                "2026-02-03",
                "assess",
                (
                    "Added after the Q4 2025 review found 60% of Dependabot pull requests closed unmerged and a median "
                    "patch lag of 47 days."
                ),
            ),
        ],
    },
    {
        "slug": "model-context-protocol",
        "name": "Model Context Protocol (MCP)",
        "quadrant": "tools",
        "summary": "An open protocol for giving AI assistants tools and context; assessing it for developer tooling.",
        "description": (
            "The Model Context Protocol standardises how AI assistants discover and call tools and read context from "
            "other systems. Most assistants and agent frameworks support it, so one MCP server can serve all of "
            "them.\n\n"
            "Developer Experience is assessing read-only MCP servers over the Backstage catalogue, ADRs and runbooks, "
            "so assistants answer 'who owns the card controls API?' from our own sources rather than guessing.\n\n"
            "MCP servers are a new and powerful attack surface: tool descriptions can carry prompt injection, and a "
            "server with write access is effectively an API with an LLM as its client. Nothing that can reach "
            "production systems or customer data is in scope."
        ),
        "tags": ["ai", "integration", "developer-experience"],
        "owner": "Developer Experience",
        "links": [("Model Context Protocol", "https://modelcontextprotocol.io/")],
        "history": [
            (
                "2026-08-04",
                "assess",
                (
                    "Added after three teams in the AI coding agents assessment built their own MCP servers for "
                    "Backstage data and we need shared guardrails."
                ),
            ),
        ],
    },
    # ---- Platforms -------------------------------------------------------------------------------------------
    {
        "slug": "kafka",
        "name": "Apache Kafka",
        "quadrant": "platforms",
        "summary": "Our event streaming backbone, on Confluent Cloud, for payment, card and loan domain events.",
        "description": (
            "Apache Kafka is a distributed, durable log for publishing and consuming event streams. It carries domain "
            "events between payments, cards and lending, feeds the fraud engine in near real time and lands data in "
            "the lakehouse.\n\n"
            "We run it as a managed service on Confluent Cloud with private networking to our Azure hub, Avro schemas "
            "in the schema registry and topic provisioning through the golden path. Producers use the outbox pattern "
            "and consumers must be idempotent.\n\n"
            "Kafka is not a work queue for commands that need per-message retries and dead-lettering; Azure Service "
            "Bus fits those better. Topic naming, retention and schema compatibility are governed, so talk to Payments "
            "Platform before creating cross-domain topics."
        ),
        "tags": ["messaging", "streaming"],
        "owner": "Payments Platform",
        "links": [("Apache Kafka", "https://kafka.apache.org/")],
        "history": [
            (
                "2025-04-09",
                "trial",
                (
                    "Imported from the 2024 architecture review: carrying payment and card events for three domains on "
                    "Confluent Cloud."
                ),
            ),
            (
                "2025-10-07",
                "adopt",
                (
                    "Three payment domains and the fraud engine run on it at 12,000 events per second peak with no "
                    "data-loss incident in six months."
                ),
            ),
        ],
    },
    {
        "slug": "azure-service-bus",
        "name": "Azure Service Bus",
        "quadrant": "platforms",
        "summary": "Managed queues and topics for commands, workflow steps and anything that needs dead-lettering.",
        "description": (
            "Azure Service Bus is a managed message broker with queues, topics, sessions, scheduled delivery and "
            "dead-letter queues. It suits commands and workflow steps, such as 'disburse loan' or 'issue replacement "
            "card', where failures must be handled message by message.\n\n"
            "Lending uses it throughout origination and servicing, and Cards uses it for card lifecycle commands. "
            "Premium namespaces with private endpoints and geo-disaster recovery pairing are the standard "
            "configuration.\n\n"
            "Use Kafka, not Service Bus, for high-volume event streams that several consumers replay. Sessions give "
            "ordering per key but cap throughput, so choose session keys carefully (per loan, not per product)."
        ),
        "tags": ["messaging", "azure"],
        "owner": "Lending Engineering",
        "links": [
            ("Azure Service Bus documentation", "https://learn.microsoft.com/en-us/azure/service-bus-messaging/"),
        ],
        "history": [
            (
                "2025-04-09",
                "adopt",
                "Imported from the 2024 architecture review: the standard broker for .NET lending services since 2021.",
            ),
        ],
    },
    {
        "slug": "postgresql",
        "name": "PostgreSQL",
        "quadrant": "platforms",
        "summary": "Default operational database for new services, via Azure Database for PostgreSQL Flexible Server.",
        "description": (
            "PostgreSQL is our default relational database: strong transactional guarantees for ledgers, mature JSONB "
            "support and a deep extension ecosystem. We consume it as Azure Database for PostgreSQL Flexible Server "
            "with zone-redundant high availability.\n\n"
            "Payments, cards and most new lending services run on it, provisioned through the golden path with Entra "
            "ID authentication, customer-managed keys and point-in-time restores tested monthly. Shared Flyway and EF "
            "Core migration conventions enforce expand-and-contract changes.\n\n"
            "One database per service, not one schema per service on a shared server, unless an ADR says otherwise. "
            "Watch connection counts from AKS and use the built-in PgBouncer rather than raising max_connections."
        ),
        "tags": ["database"],
        "owner": "Data Platform",
        "links": [
            ("PostgreSQL", "https://www.postgresql.org/"),
            (
                "Azure Database for PostgreSQL flexible server",
                "https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/",
            ),
        ],
        "history": [
            (
                "2025-04-09",
                "adopt",
                (
                    "Imported from the 2024 architecture review: the default database for new services and the ledger "
                    "store since 2022."
                ),
            ),
        ],
    },
    {
        "slug": "aks",
        "name": "Azure Kubernetes Service (AKS)",
        "quadrant": "platforms",
        "summary": (
            "Our runtime for containerised services, with dedicated clusters for the cardholder data environment."
        ),
        "description": (
            "AKS is Azure's managed Kubernetes service. Cloud Platform runs a small fleet of clusters per environment "
            "plus dedicated, network-isolated clusters for the cardholder data environment, with workload identity, "
            "Azure CNI and node auto-provisioning.\n\n"
            "Product teams do not touch clusters directly: they deploy through Argo CD from the golden path and get "
            "namespaces, network policies, dashboards and alerts automatically. Cluster upgrades use a blue-green "
            "cluster swap twice a year.\n\n"
            "Kubernetes is a means, not a goal. Small scheduled jobs may fit simpler runtimes, but talk to Cloud "
            "Platform first: network isolation and deployment evidence come for free only on the golden path."
        ),
        "tags": ["kubernetes", "azure", "cloud"],
        "owner": "Cloud Platform",
        "links": [("Azure Kubernetes Service documentation", "https://learn.microsoft.com/en-us/azure/aks/")],
        "history": [
            (
                "2025-04-09",
                "adopt",
                (
                    "Imported from the 2024 architecture review: all new containerised workloads have run on AKS since "
                    "the 2024 migration from the on-premise OpenShift cluster."
                ),
            ),
        ],
    },
    {
        "slug": "azure-cosmos-db",
        "name": "Azure Cosmos DB",
        "quadrant": "platforms",
        "summary": "Low-latency distributed NoSQL; right for card controls, expensive when used as a default.",
        "description": (
            "Azure Cosmos DB is a globally distributed database with single-digit millisecond reads and tunable "
            "consistency. Cards Engineering uses its NoSQL API for card controls (spend limits, merchant blocks, "
            "travel notices) that the authorisation path reads on every transaction.\n\n"
            "It performs well, but costs crept up as more teams reached for it by default: cross-partition queries, "
            "over-provisioned throughput and large documents grew the monthly bill 3.4 times in a year. Several of "
            "those workloads would be cheaper and simpler on PostgreSQL.\n\n"
            "Use it when you need its latency or distribution and can design partition keys around your access "
            "patterns. Every new container needs a capacity estimate reviewed by Cloud Platform FinOps."
        ),
        "tags": ["database", "azure", "cards"],
        "owner": "Cards Engineering",
        "links": [("Azure Cosmos DB documentation", "https://learn.microsoft.com/en-us/azure/cosmos-db/")],
        "history": [
            (
                "2025-04-09",
                "adopt",
                (
                    "Imported from the 2024 architecture review: card controls and digital session state have run on "
                    "it since 2023."
                ),
            ),
            (
                "2026-03-17",
                "trial",
                (
                    "Cosmos DB spend grew 3.4 times in twelve months, mostly from workloads that fit PostgreSQL, so "
                    "new use now needs a justified case."
                ),
            ),
        ],
    },
    {
        "slug": "redis",
        "name": "Redis",
        "quadrant": "platforms",
        "summary": "In-memory cache and rate-limit store for our APIs; never the system of record.",
        "description": (
            "Redis is an in-memory data store that we use for caching, rate limiting, idempotency fast-path lookups "
            "and short-lived session data, consumed as a managed Azure service so patching and failover are not our "
            "problem.\n\n"
            "The card authorisation path caches card controls and merchant reference data in Redis, and the API "
            "gateway keeps per-client rate limits there. Connection pool sizing matters: the Black Friday 2025 "
            "rehearsal showed our defaults would have saturated at peak.\n\n"
            "Treat data in Redis as disposable; anything that matters must be rebuildable from the system of record. "
            "The Redis licence changes since 7.4 do not affect us as a managed-service customer, but they are why "
            "Cloud Platform keeps an eye on Valkey."
        ),
        "tags": ["caching", "database", "licensing"],
        "owner": "Payments Platform",
        "links": [("Redis", "https://redis.io/")],
        "history": [
            (
                "2025-04-09",
                "adopt",
                (
                    "Imported from the 2024 architecture review: the standard cache for payments and cards APIs since "
                    "2020."
                ),
            ),
        ],
    },
    {
        "slug": "keycloak",
        "name": "Keycloak",
        "quadrant": "platforms",
        "summary": "Open-source identity provider for customer, broker and partner authentication.",
        "description": (
            "Keycloak is an open-source identity and access management server supporting OpenID Connect, OAuth 2.0, "
            "SAML and WebAuthn, and a CNCF incubating project. We run it on AKS with the Keycloak operator and a "
            "PostgreSQL backend; Entra ID remains our workforce identity provider.\n\n"
            "It replaced a commercial customer identity product whose licence scaled with monthly active users. FAPI "
            "security profiles protect our partner APIs, and a custom authenticator feeds the fraud risk score into "
            "the login flow.\n\n"
            "Running your own identity provider means owning its availability and patching. Security Engineering keeps "
            "two engineers who know its internals, upgrades within 30 days of each release and keeps custom extensions "
            "to a minimum."
        ),
        "tags": ["identity", "security"],
        "owner": "Security Engineering",
        "links": [("Keycloak", "https://www.keycloak.org/")],
        "history": [
            (
                "2025-04-09",
                "trial",
                (
                    "Imported from the 2024 architecture review: serving the broker portal and partner APIs, with "
                    "customer login still on a commercial product."
                ),
            ),
            (
                "2025-11-11",
                "adopt",
                (
                    "Customer login for 2.1 million users moved to Keycloak with no increase in login failures, and "
                    "the commercial contract was cancelled."
                ),
            ),
        ],
    },
    {
        "slug": "hashicorp-vault",
        "name": "HashiCorp Vault",
        "quadrant": "platforms",
        "summary": "Dynamic database credentials and encryption as a service for our workloads.",
        "description": (
            "HashiCorp Vault manages secrets, issues short-lived dynamic credentials and offers encryption as a "
            "service through its transit engine. We run Vault Enterprise as a replicated cluster per region.\n\n"
            "Services on AKS authenticate with their Kubernetes service account and receive PostgreSQL credentials "
            "that live for hours, not years. The transit engine encrypts sensitive lending data (bank details, income "
            "evidence) at application level with keys that never leave Vault. Azure Key Vault keeps platform "
            "certificates and Azure-native secrets.\n\n"
            "Vault is a tier-zero dependency: an outage stops deployments and credential rotation. Keep leases long "
            "enough to ride out a short outage, and review licensing at every renewal now that HashiCorp is part of "
            "IBM."
        ),
        "tags": ["security", "cryptography"],
        "owner": "Security Engineering",
        "links": [("HashiCorp Vault", "https://developer.hashicorp.com/vault")],
        "history": [
            (
                "2025-04-09",
                "adopt",
                (
                    "Imported from the 2024 architecture review: the standard for dynamic database credentials since "
                    "static passwords were banned in 2023."
                ),
            ),
        ],
    },
    {
        "slug": "databricks",
        "name": "Databricks",
        "quadrant": "platforms",
        "summary": "Our lakehouse for analytics, regulatory reporting and credit-risk model training.",
        "description": (
            "Databricks is a managed lakehouse platform built on Apache Spark and Delta Lake, with Unity Catalog for "
            "governance and MLflow for the model lifecycle. On Azure it runs inside our subscriptions with private "
            "networking.\n\n"
            "Data Platform lands Kafka events and operational extracts in Delta tables. Lending trains and monitors "
            "its credit-risk and affordability models there, and finance produces regulatory returns from curated "
            "tables. Unity Catalog lineage answers most 'where does this number come from?' questions from "
            "auditors.\n\n"
            "Costs need active management: cluster policies, serverless SQL for BI and auto-termination are mandatory. "
            "No cardholder data: only tokenised card references may enter the lakehouse."
        ),
        "tags": ["data", "analytics", "ai"],
        "owner": "Data Platform",
        "links": [("Databricks documentation", "https://docs.databricks.com/")],
        "history": [
            (
                "2025-04-09",
                "trial",
                (
                    "Imported from the 2024 architecture review: the credit-risk team's platform, with regulatory "
                    "reporting still on the on-premise warehouse."
                ),
            ),
            (
                "2026-04-21",
                "adopt",
                (
                    "Regulatory reporting left the on-premise warehouse in Q1 2026 and Unity Catalog now governs all "
                    "1,900 production tables."
                ),
            ),
        ],
    },
    {
        "slug": "mongodb-for-ledgers",
        "name": "MongoDB for ledgers",
        "quadrant": "platforms",
        "summary": "Document stores are the wrong default for double-entry ledgers and balances.",
        "description": (
            "MongoDB is a capable document database with multi-document transactions. The problem is using it as a "
            "ledger store: double-entry invariants, balance constraints and serialisable postings come naturally to a "
            "relational database and need careful hand-written code in a document model.\n\n"
            "The prepaid card ledger, built on MongoDB in 2019, produced two reconciliation breaks in 2024 when "
            "concurrent postings updated the same balance document. It is being migrated to the event-sourced ledger "
            "on PostgreSQL.\n\n"
            "This Hold is about ledgers and balances, not MongoDB in general, although with PostgreSQL JSONB and "
            "Cosmos DB available we rarely need a third option."
        ),
        "tags": ["database", "ledger", "payments"],
        "owner": "Payments Platform",
        "links": [("MongoDB transactions", "https://www.mongodb.com/docs/manual/core/transactions/")],
        "history": [
            (
                "2025-04-09",
                "hold",
                (
                    "Imported from the 2024 architecture review: the prepaid card ledger on MongoDB caused two "
                    "reconciliation breaks in 2024."
                ),
            ),
        ],
    },
    {
        "slug": "self-managed-kafka-on-vms",
        "name": "Self-managed Kafka on VMs",
        "quadrant": "platforms",
        "summary": "Running our own Kafka brokers costs more in engineering time than the managed service costs.",
        "description": (
            "Before Confluent Cloud, Payments ran a six-broker Kafka cluster with ZooKeeper on Azure VMs. Upgrades, "
            "partition rebalancing, disk alerts and certificate rotation took the equivalent of two engineers, and a "
            "broker disk-full incident in 2024 stopped payment event delivery for 50 minutes.\n\n"
            "Kafka 4.0 removed ZooKeeper, so the remaining VM cluster would need a KRaft migration just to stay "
            "supported. We are decommissioning it instead; its last consumers, the legacy reconciliation jobs, move to "
            "Confluent Cloud by the end of 2026.\n\n"
            "Do not build new self-managed Kafka clusters, on VMs or on AKS, without an ADR explaining why the managed "
            "service cannot work."
        ),
        "tags": ["messaging", "streaming", "legacy"],
        "owner": "Cloud Platform",
        "links": [("Confluent Cloud", "https://www.confluent.io/confluent-cloud/")],
        "history": [
            (
                "2025-04-09",
                "hold",
                (
                    "Imported from the 2024 architecture review: a broker disk-full incident stopped payment event "
                    "delivery for 50 minutes in 2024."
                ),
            ),
        ],
    },
    {
        "slug": "snowflake",
        "name": "Snowflake",
        "quadrant": "platforms",
        "summary": "A strong cloud data warehouse, but we will not run a second analytics platform next to Databricks.",
        "description": (
            "Snowflake is a cloud data warehouse with excellent SQL performance, very little administration and strong "
            "data sharing. Finance and the card partnerships team liked its data sharing for exchanging settlement "
            "data with co-brand partners.\n\n"
            "Data Platform assessed it against Databricks SQL for the regulatory reporting migration. Snowflake was "
            "easier for SQL-only analysts, but two platforms would double governance, lineage and access reviews, and "
            "Databricks already holds the curated data and the models.\n\n"
            "Hold for new workloads. Partners on Snowflake can receive data through Delta Sharing or secure exports; "
            "if a commercial partnership really requires Snowflake data sharing, raise an ADR."
        ),
        "tags": ["data", "analytics"],
        "owner": "Data Platform",
        "links": [("Snowflake", "https://www.snowflake.com/")],
        "history": [
            (
                "2025-06-24",
                "assess",
                (
                    "Added when finance asked to use Snowflake for co-brand card settlement reporting shared with a "
                    "retail partner."
                ),
            ),
            (
                "2026-02-24",
                "hold",
                (
                    "The assessment found Databricks SQL meets reporting needs, while a second platform would add "
                    "about 400k EUR a year and duplicate governance."
                ),
            ),
        ],
    },
    {
        "slug": "backstage",
        "name": "Backstage",
        "quadrant": "platforms",
        "summary": (
            "Internal developer portal: service catalogue, golden-path templates, TechDocs and ADRs in one place."
        ),
        "description": (
            "Backstage is the CNCF open-source framework for building internal developer portals. Its software "
            "catalogue, scaffolder templates and TechDocs give engineers one place to find who owns a service, create "
            "a new one and read its documentation.\n\n"
            "Developer Experience runs it with 310 components catalogued from `catalog-info.yaml` files, templates for "
            "the golden paths, and plugins for Argo CD, Grafana and the Pact Broker. ADRs and radar blips are "
            "cross-linked from each component page.\n\n"
            "Backstage is a framework, not a product: it needs a small dedicated team with TypeScript skills, and "
            "upgrades are frequent. Catalogue accuracy is everything, so ownership data is validated nightly against "
            "the team directory."
        ),
        "tags": ["developer-experience", "platform"],
        "owner": "Developer Experience",
        "links": [("Backstage", "https://backstage.io/")],
        "history": [
            (
                "2025-09-09",
                "assess",
                (
                    "Added when the golden paths outgrew the wiki page that listed them and on-call engineers "
                    "struggled to find service owners."
                ),
            ),
            (
                "2026-04-07",
                "trial",
                (
                    "The portal catalogues 310 components with validated ownership, and 60% of new services in Q1 2026 "
                    "were created from its templates."
                ),
            ),
        ],
    },
    {
        "slug": "azure-openai-service",
        "name": "Azure OpenAI Service",
        "quadrant": "platforms",
        "summary": "Hosted OpenAI models in our Azure tenant for document extraction and internal assistants.",
        "description": (
            "Azure OpenAI Service provides OpenAI models as an Azure service, with private endpoints, EU data zone "
            "deployments and Microsoft's enterprise data handling terms. That made it the only model hosting our data "
            "protection officer and risk teams would approve for customer documents.\n\n"
            "Lending uses it to extract income and employer data from uploaded payslips, with a human reviewing every "
            "extraction below a confidence threshold; customer operations uses it to summarise dispute case notes. All "
            "calls go through an internal gateway for PII redaction, logging and per-team quotas.\n\n"
            "No card data in prompts, no automated credit decisions from model output, and every use case is recorded "
            "in the AI register we keep for the EU AI Act. Model versions retire on Microsoft's schedule, so "
            "evaluation suites must be rerun on every upgrade."
        ),
        "tags": ["ai", "azure"],
        "owner": "Data Platform",
        "links": [("Azure OpenAI documentation", "https://learn.microsoft.com/en-us/azure/ai-services/openai/")],
        "history": [
            (
                "2025-10-14",
                "assess",
                "Added after the DPIA for payslip extraction in loan applications approved an EU data zone deployment.",
            ),
            (
                "2026-04-28",
                "trial",
                (
                    "Payslip extraction cut manual document review in lending by 55% over a three-month pilot with no "
                    "rise in application fraud."
                ),
            ),
        ],
    },
    {
        "slug": "azure-payment-hsm",
        "name": "Azure Payment HSM",
        "quadrant": "platforms",
        "summary": "Thales payShield HSMs as an Azure service; could replace our co-located HSMs for card keys.",
        "description": (
            "Azure Payment HSM provides dedicated Thales payShield 10K devices in Azure data centres, connected "
            "directly to our virtual networks. It covers the key operations card issuing needs: PIN translation, CVV "
            "generation and EMV cryptogram validation.\n\n"
            "Our HSMs sit in a co-location facility next to the remaining on-premise network, which adds 8 to 12 ms to "
            "every authorisation round trip from AKS and keeps us tied to a data centre contract. Cards Engineering is "
            "assessing whether the Azure offering meets our latency, resilience and key ceremony requirements.\n\n"
            "Key custody, dual control and the key migration ceremony are the real work, and our card processor and "
            "the schemes must accept the new set-up. Availability for a paired, zone-resilient deployment in our "
            "regions still needs confirming."
        ),
        "tags": ["cards", "cryptography", "pci-dss", "azure"],
        "owner": "Cards Engineering",
        "links": [("Azure Payment HSM documentation", "https://learn.microsoft.com/en-us/azure/payment-hsm/")],
        "history": [
            (
                "2025-12-09",
                "assess",
                (
                    "Added after the co-location renewal quote rose 40% and HSM round trips were measured at 30% of "
                    "card authorisation latency."
                ),
            ),
        ],
    },
    {
        "slug": "azure-container-apps",
        "name": "Azure Container Apps",
        "quadrant": "platforms",
        "summary": "Serverless containers on Azure; simpler than AKS, but it duplicates our platform for little gain.",
        "description": (
            "Azure Container Apps runs containers without exposing Kubernetes, with scale to zero and KEDA-based "
            "autoscaling built in. For a small team running a few event-driven workers it is far simpler than a "
            "cluster.\n\n"
            "Cloud Platform assessed it for lending batch workers and internal tools. It worked, but CDE-grade egress "
            "control, our Argo CD deployment flow and golden-path observability all needed rebuilding, and at our "
            "steady load it cost more than AKS node pools.\n\n"
            "We put it on Hold: the AKS golden paths already give teams most of the simplicity, and a second runtime "
            "would split platform investment. We would revisit it for very spiky, scale-to-zero workloads."
        ),
        "tags": ["azure", "cloud", "kubernetes"],
        "owner": "Cloud Platform",
        "links": [("Azure Container Apps documentation", "https://learn.microsoft.com/en-us/azure/container-apps/")],
        "history": [
            (
                "2026-03-24",
                "assess",
                (
                    "Proposed by Lending Engineering for nightly batch workers that leave AKS node pools idle for 20 "
                    "hours a day."
                ),
            ),
            (
                "2026-09-15",
                "hold",
                (
                    "The assessment showed CDE egress controls and Argo CD flows would need rebuilding, while "
                    "node-pool autoscaling closed most of the cost gap."
                ),
            ),
        ],
    },
    # ---- Languages & Frameworks ------------------------------------------------------------------------------
    {
        "slug": "dotnet",
        "name": ".NET",
        "quadrant": "languages-and-frameworks",
        "summary": "Primary platform for lending services; LTS releases only, moving everything to .NET 10.",
        "description": (
            ".NET is the runtime and base class library behind our lending platform and much of the customer API "
            "layer. Modern .NET is fast, cross-platform and runs comfortably in containers on AKS.\n\n"
            "Lending Engineering maintains the .NET golden path: ASP.NET Core, EF Core on PostgreSQL, OpenTelemetry, "
            "Polly resilience handlers and the outbox library. We use LTS releases only, and the move from .NET 8 to "
            ".NET 10 must finish before .NET 8 support ends in November 2026.\n\n"
            "The legacy loan management system still runs on .NET Framework 4.8 on Windows VMs; it is being strangled, "
            "not ported. Do not start new .NET Framework code."
        ),
        "tags": ["dotnet", "backend"],
        "owner": "Lending Engineering",
        "links": [(".NET", "https://dotnet.microsoft.com/")],
        "history": [
            (
                "2025-04-16",
                "adopt",
                (
                    "Imported from the 2024 architecture review: the standard platform for lending and customer API "
                    "services."
                ),
            ),
        ],
    },
    {
        "slug": "csharp",
        "name": "C#",
        "quadrant": "languages-and-frameworks",
        "summary": "Our main .NET language; use modern features and the shared analyzers, and decimal for money.",
        "description": (
            "C# is the language of our .NET estate. Recent versions make domain modelling much safer: records for "
            "value objects, pattern matching for decision logic and nullable reference types that turn null handling "
            "into a compile-time concern.\n\n"
            "The shared analyzer package enables nullable reference types, treats warnings as errors in new projects "
            "and bans `double` for monetary amounts in favour of `decimal` and our `Money` type. Loan schedule "
            "calculations are covered by property-based tests.\n\n"
            "Use the language version that ships with the current LTS SDK rather than pinning old versions; teams that "
            "pinned find every upgrade harder."
        ),
        "tags": ["dotnet", "backend"],
        "owner": "Lending Engineering",
        "links": [("C# documentation", "https://learn.microsoft.com/en-us/dotnet/csharp/")],
        "history": [
            (
                "2025-04-16",
                "adopt",
                (
                    "Imported from the 2024 architecture review: the language for all .NET services, with nullable "
                    "reference types required in new code."
                ),
            ),
        ],
    },
    {
        "slug": "kotlin",
        "name": "Kotlin",
        "quadrant": "languages-and-frameworks",
        "summary": "Concise, null-safe JVM language; proven on Android and in card services, not yet our JVM default.",
        "description": (
            "Kotlin is a statically typed JVM language with null safety, data classes, sealed types and coroutines. It "
            "interoperates fully with Java and Spring Boot, and it is the standard language for Android.\n\n"
            "Our Android app has been Kotlin-only since 2022, and Cards Engineering built the card controls and "
            "tokenisation services in Kotlin on Spring Boot. Those teams report fewer null-related production defects "
            "and noticeably shorter domain code than the Java equivalents.\n\n"
            "With records, pattern matching and virtual threads in Java 21 the gap is smaller than it was. Mixed Java "
            "and Kotlin codebases need build and style discipline, and few payments engineers can review idiomatic "
            "Kotlin yet."
        ),
        "tags": ["jvm", "backend", "mobile"],
        "owner": "Cards Engineering",
        "links": [("Kotlin", "https://kotlinlang.org/")],
        "history": [
            (
                "2025-04-16",
                "trial",
                (
                    "Imported from the 2024 architecture review: used on Android and by Cards Engineering for two "
                    "production services."
                ),
            ),
        ],
    },
    {
        "slug": "typescript",
        "name": "TypeScript",
        "quadrant": "languages-and-frameworks",
        "summary": "Required for all web front ends and Node.js tooling, with strict mode on.",
        "description": (
            "TypeScript adds a static type system to JavaScript that catches a large class of errors before they reach "
            "the browser and keeps large front-end codebases navigable.\n\n"
            "All web applications (web banking, card management, the broker portal) and our Backstage plugins are "
            "TypeScript with `strict` enabled. API clients are generated from OpenAPI specifications, so a breaking "
            "backend change fails the front-end build instead of production.\n\n"
            "Every `any` needs a comment explaining why. Validate data at trust boundaries with a schema library: "
            "types disappear at runtime."
        ),
        "tags": ["frontend", "web"],
        "owner": "Digital Channels",
        "links": [("TypeScript", "https://www.typescriptlang.org/")],
        "history": [
            (
                "2025-04-16",
                "adopt",
                (
                    "Imported from the 2024 architecture review: mandatory for web front ends since the 2022 web "
                    "banking rebuild."
                ),
            ),
        ],
    },
    {
        "slug": "python",
        "name": "Python",
        "quadrant": "languages-and-frameworks",
        "summary": "For data engineering, credit-risk models, ML services and automation; not for core payment paths.",
        "description": (
            "Python is the lingua franca of data and machine learning. Data Platform and the credit-risk team use it "
            "for pipelines on Databricks, model training and the model-serving services behind lending decisions.\n\n"
            "Production Python services follow the data platform template: uv for dependencies, Ruff and mypy in CI, "
            "FastAPI for HTTP endpoints and OpenTelemetry instrumentation. Model-serving services are versioned with "
            "their model and validated against the champion model before promotion.\n\n"
            "We do not use Python for high-throughput transactional services in payments or cards, where the JVM and "
            ".NET paths have the libraries, the skills and the operational tooling."
        ),
        "tags": ["data", "ai", "backend"],
        "owner": "Data Platform",
        "links": [("Python", "https://www.python.org/")],
        "history": [
            (
                "2025-04-16",
                "adopt",
                (
                    "Imported from the 2024 architecture review: the standard for data engineering and credit-risk "
                    "model services."
                ),
            ),
        ],
    },
    {
        "slug": "go",
        "name": "Go",
        "quadrant": "languages-and-frameworks",
        "summary": "For platform tooling, Kubernetes operators and CLIs; not a language for product services.",
        "description": (
            "Go compiles to small static binaries with fast start-up and has a strong standard library, and it is the "
            "language of the Kubernetes ecosystem. That makes it a natural choice for operators, admission webhooks "
            "and command-line tools.\n\n"
            "Cloud Platform writes its AKS operators, the environment provisioning CLI and several Argo CD plugins in "
            "Go. Developer Experience uses it for the flag expiry bot and the repository compliance scanners.\n\n"
            "We deliberately keep Go to platform tooling. Product domains have mature JVM and .NET golden paths, and a "
            "third backend language for business services would dilute hiring and on-call knowledge."
        ),
        "tags": ["backend", "platform", "kubernetes"],
        "owner": "Cloud Platform",
        "links": [("The Go Programming Language", "https://go.dev/")],
        "history": [
            (
                "2025-04-16",
                "assess",
                (
                    "Imported from the 2024 architecture review: Cloud Platform wanted it for Kubernetes operators but "
                    "had nothing in production."
                ),
            ),
            (
                "2025-10-28",
                "trial",
                (
                    "Three operators and the provisioning CLI have run in production since July 2025, supported by an "
                    "on-call rotation fluent in Go."
                ),
            ),
        ],
    },
    {
        "slug": "rust",
        "name": "Rust",
        "quadrant": "languages-and-frameworks",
        "summary": "Memory safety with predictable latency; assessing it for the card authorisation hot path.",
        "description": (
            "Rust offers memory safety without a garbage collector, which gives predictable tail latency and removes "
            "whole classes of security defects. It has a steep learning curve and a smaller hiring pool than our "
            "mainstream languages.\n\n"
            "Cards Engineering is assessing it for the ISO 8583 message parser and the stand-in authorisation engine, "
            "where JVM garbage collection pauses push p99.9 latency close to the processor timeout. A spike "
            "reimplementing the parser cut p99.9 from 38 ms to 4 ms.\n\n"
            "The bar for Trial is high: at least four engineers able to maintain it, a golden path for building and "
            "observing Rust services, and a case where latency is a business requirement rather than a preference."
        ),
        "tags": ["backend", "performance", "security"],
        "owner": "Cards Engineering",
        "links": [("Rust", "https://www.rust-lang.org/")],
        "history": [
            (
                "2025-08-12",
                "assess",
                (
                    "Proposed by Cards Engineering after JVM pauses pushed authorisation p99.9 latency to 38 ms "
                    "against a 50 ms processor timeout."
                ),
            ),
        ],
    },
    {
        "slug": "java-21",
        "name": "Java 21",
        "quadrant": "languages-and-frameworks",
        "summary": "Baseline JDK for all JVM services; virtual threads, records and pattern matching are fair game.",
        "description": (
            "Java 21 is the LTS release that brought virtual threads, record patterns, pattern matching for switch and "
            "sequenced collections. Our base container images ship Eclipse Temurin builds.\n\n"
            "Payments Platform and most of Cards run on Java 21 with Spring Boot. Virtual threads simplified the "
            "blocking I/O in the payment initiation service and let us remove most of our reactive code, while sealed "
            "interfaces and records now model payment states and ISO 20022 message variants.\n\n"
            "Java 25, the next LTS, is being added to the base images; upgrades go through the golden path rather than "
            "team by team. Watch for virtual-thread pinning in libraries that synchronise around I/O."
        ),
        "tags": ["jvm", "backend"],
        "owner": "Payments Platform",
        "links": [("JDK 21 (OpenJDK)", "https://openjdk.org/projects/jdk/21/")],
        "history": [
            (
                "2025-04-16",
                "adopt",
                (
                    "Imported from the 2024 architecture review: the baseline JDK since the upgrade from Java 17 "
                    "completed in Q1 2025."
                ),
            ),
        ],
    },
    {
        "slug": "spring-boot",
        "name": "Spring Boot",
        "quadrant": "languages-and-frameworks",
        "summary": "Default framework for JVM services, packaged with our payments starter in the golden path.",
        "description": (
            "Spring Boot is the opinionated application framework on top of Spring that most of our JVM services use. "
            "Its ecosystem (Spring Security, Spring Data, Spring for Apache Kafka, Actuator) covers almost everything "
            "a payment service needs.\n\n"
            "The payments starter adds our idempotency filter, outbox publisher, Resilience4j defaults, OpenTelemetry "
            "configuration and logging that masks PANs and IBANs. Teams stay within one minor version of the latest "
            "release.\n\n"
            "Avoid deep customisation of auto-configuration, because it makes upgrades painful. Major version upgrades "
            "are coordinated through the starter, not team by team."
        ),
        "tags": ["jvm", "backend"],
        "owner": "Payments Platform",
        "links": [("Spring Boot", "https://spring.io/projects/spring-boot")],
        "history": [
            (
                "2025-04-16",
                "adopt",
                "Imported from the 2024 architecture review: the standard framework for payments and cards services.",
            ),
        ],
    },
    {
        "slug": "react",
        "name": "React",
        "quadrant": "languages-and-frameworks",
        "summary": "Our UI library for web applications, with the shared design system component library.",
        "description": (
            "React is the component-based UI library behind web banking, card management and the broker portal. Its "
            "ecosystem and hiring market remain the strongest of the front-end options.\n\n"
            "Digital Channels maintains the design system as a React component library with accessibility tests (WCAG "
            "2.2 AA) built in, which the European Accessibility Act now requires of us. Server state goes through "
            "TanStack Query against generated API clients.\n\n"
            "We do not use React Server Components or a meta-framework for the authenticated banking apps: a plain "
            "single-page architecture behind the API gateway fits our security model. Marketing sites are a separate "
            "decision."
        ),
        "tags": ["frontend", "web"],
        "owner": "Digital Channels",
        "links": [("React", "https://react.dev/")],
        "history": [
            (
                "2025-04-16",
                "adopt",
                (
                    "Imported from the 2024 architecture review: the standard for web front ends and the design system "
                    "since 2021."
                ),
            ),
        ],
    },
    {
        "slug": "angularjs",
        "name": "AngularJS",
        "quadrant": "languages-and-frameworks",
        "summary": "Out of support since January 2022; the broker portal's last AngularJS screens must go.",
        "description": (
            "AngularJS (1.x) reached the end of its long-term support at the end of 2021 and receives no security "
            "fixes. Vulnerabilities in the framework and its ecosystem will never be patched upstream.\n\n"
            "The broker portal still has about 40 AngularJS screens for loan application management, protected by a "
            "strict content security policy and a WAF as compensating controls. Digital Channels is replacing them "
            "screen by screen with React behind the strangler facade.\n\n"
            "No new AngularJS code. Our penetration test reports list the portal as an open finding until the last "
            "screen is gone, which is planned for Q4 2026."
        ),
        "tags": ["frontend", "legacy"],
        "owner": "Digital Channels",
        "links": [("AngularJS version support status", "https://docs.angularjs.org/misc/version-support-status")],
        "history": [
            (
                "2025-04-16",
                "hold",
                (
                    "Imported from the 2024 architecture review: unsupported since 2022 and flagged as end-of-life "
                    "software in the 2024 penetration test."
                ),
            ),
        ],
    },
    {
        "slug": "masstransit",
        "name": "MassTransit",
        "quadrant": "languages-and-frameworks",
        "summary": "Version 9 moves to a commercial licence; no new adoption until our .NET messaging path is settled.",
        "description": (
            "MassTransit is a mature .NET messaging framework over Azure Service Bus, RabbitMQ and others, with sagas, "
            "retries and an outbox. Our lending services have relied on it since 2020.\n\n"
            "In 2025 its maintainers announced that version 9 would be commercially licensed, with v8 staying open "
            "source for a limited support period. Lending Engineering put it on Hold for new services while comparing "
            "a v9 licence with thin Azure Service Bus SDK wrappers in the golden path.\n\n"
            "Existing services stay on v8 for now. Keep new code behind our own messaging interfaces so that, "
            "whichever option wins, the migration is mechanical."
        ),
        "tags": ["dotnet", "messaging", "licensing"],
        "owner": "Lending Engineering",
        "links": [("MassTransit", "https://masstransit.io/")],
        "history": [
            (
                "2025-04-16",
                "adopt",
                (
                    "Imported from the 2024 architecture review: the messaging library for all lending services on "
                    "Azure Service Bus."
                ),
            ),
            (
                "2025-07-15",
                "hold",
                (
                    "After the v9 commercial licence announcement, new services must not take a dependency on it until "
                    "the licence-or-replace decision is made."
                ),
            ),
        ],
    },
    {
        "slug": "opentelemetry",
        "name": "OpenTelemetry",
        "quadrant": "languages-and-frameworks",
        "summary": "Vendor-neutral traces, metrics and logs; the only instrumentation API our services should use.",
        "description": (
            "OpenTelemetry is the CNCF standard for telemetry: APIs and SDKs for traces, metrics and logs in every "
            "language we use, plus the Collector for processing and routing. We instrument once and can change "
            "backends without touching services.\n\n"
            "The Java, .NET, Python and Node.js golden paths include auto-instrumentation, and Collectors on AKS route "
            "telemetry to Tempo, Loki and managed Prometheus. Trace context travels in Kafka headers and Service Bus "
            "message properties, so a card payment can be followed from the mobile app to the ledger posting.\n\n"
            "The Collector pipeline redacts PANs, IBANs and personal data before export; never bypass it by sending "
            "telemetry straight to a backend. Semantic conventions still evolve, so SDK versions are pinned through "
            "the golden path."
        ),
        "tags": ["observability", "standards"],
        "owner": "Cloud Platform",
        "links": [("OpenTelemetry", "https://opentelemetry.io/")],
        "history": [
            (
                "2025-04-16",
                "trial",
                (
                    "Imported from the 2024 architecture review: Java services were instrumented, while .NET and "
                    "Python still used vendor agents."
                ),
            ),
            (
                "2025-09-30",
                "adopt",
                (
                    "All golden paths now ship OpenTelemetry by default and the last proprietary APM agent was "
                    "removed, saving 280k EUR a year."
                ),
            ),
        ],
    },
    {
        "slug": "openfeature",
        "name": "OpenFeature",
        "quadrant": "languages-and-frameworks",
        "summary": "A vendor-neutral feature flag API that would replace our three drifting home-grown flag clients.",
        "description": (
            "OpenFeature is a CNCF specification and set of SDKs that give applications a standard API for evaluating "
            "feature flags, with providers for most flag services. Code calls OpenFeature; the provider behind it can "
            "change.\n\n"
            "Our services call the internal flag service through three home-grown clients (Java, .NET and TypeScript) "
            "that have drifted apart. Developer Experience is assessing whether OpenFeature SDKs with one provider per "
            "language cut maintenance, and whether hooks can give us consistent flag telemetry.\n\n"
            "Parts of the specification are still young, and we would still own the providers. The decision is about "
            "maintenance cost, not about switching flag vendors."
        ),
        "tags": ["delivery", "standards"],
        "owner": "Developer Experience",
        "links": [("OpenFeature", "https://openfeature.dev/")],
        "history": [
            (
                "2026-01-27",
                "assess",
                (
                    "Added after a bug in the Java flag client evaluated a payment-routing flag differently from the "
                    ".NET client for 90 minutes."
                ),
            ),
        ],
    },
    {
        "slug": "kotlin-multiplatform",
        "name": "Kotlin Multiplatform",
        "quadrant": "languages-and-frameworks",
        "summary": "Share business logic between our Android and iOS apps while keeping native user interfaces.",
        "description": (
            "Kotlin Multiplatform compiles shared Kotlin code for Android, iOS and other targets, while each app keeps "
            "its native UI in Jetpack Compose or SwiftUI. Unlike cross-platform UI frameworks, it lets teams share "
            "only what makes sense.\n\n"
            "Our iOS and Android apps implement the same card controls, payment validation and strong customer "
            "authentication flows twice, and the implementations have drifted. Digital Channels is assessing a shared "
            "module for validation rules and API clients.\n\n"
            "iOS engineers must be comfortable reviewing Kotlin, and debugging across the Swift boundary is rougher "
            "than native code. We will not share UI code."
        ),
        "tags": ["mobile", "jvm"],
        "owner": "Digital Channels",
        "links": [("Kotlin Multiplatform", "https://kotlinlang.org/docs/multiplatform.html")],
        "history": [
            (
                "2026-09-08",
                "assess",
                (
                    "Added after an IBAN validation bug shipped on iOS only, the second platform-divergence defect to "
                    "reach customers in 2026."
                ),
            ),
        ],
    },
]

# Open and closed proposals raised through the radar workflow.
PROPOSALS: list[ProposalSpec] = [
    {
        "kind": "add",
        "blip": None,
        "technology_name": "Temporal",
        "quadrant": "platforms",
        "target_ring": "assess",
        "state": "evaluating",
        "proposer": "architect",
        "summary": "Durable workflow engine for long-running loan origination and card dispute processes.",
        "context": (
            "Loan origination runs for days: identity checks, bureau calls, open banking consent, e-signature, funds "
            "disbursement and cooling-off periods. Today this is a set of MassTransit sagas plus scheduled Service Bus "
            "messages, and the state of an application is spread across four services. When a step fails halfway, "
            "operations staff repair it by hand; there were 230 such repairs in Q1 2026.\n\n"
            "MassTransit is on Hold, so the saga code needs a new home anyway. Temporal models each process as "
            "ordinary code whose progress is persisted as an event history, with retries, timers and visibility built "
            "in. Card disputes (chargebacks with scheme deadlines) have the same shape."
        ),
        "options": (
            "- Status quo: keep MassTransit v8 sagas and scheduled messages, accepting the licence and repair costs\n- "
            "Temporal Cloud, with workers running on AKS and only workflow metadata leaving our tenant\n- Self-hosted "
            "Temporal on AKS with a PostgreSQL persistence store\n- Azure Durable Functions, which would also mean "
            "adopting Azure Functions as a runtime\n- Hand-built state machines on PostgreSQL and Azure Service Bus in "
            "the .NET golden path"
        ),
        "scope": (
            "Lending Engineering (loan origination first), then Cards Engineering for dispute handling. No cardholder "
            "data in workflow payloads."
        ),
        "exit_considerations": (
            "Workflow code depends on the Temporal SDK and its determinism rules, so keep business logic in plain "
            "activities that call our own services. To leave, let in-flight workflows drain (origination takes at most "
            "30 days), stop starting new ones and move orchestration to the replacement. Business state must stay in "
            "our own databases, never only in workflow history."
        ),
        "tags": ["workflow", "lending", "architecture"],
    },
    {
        "kind": "add",
        "blip": None,
        "technology_name": "Valkey",
        "quadrant": "platforms",
        "target_ring": "assess",
        "state": "submitted",
        "proposer": "architect",
        "summary": "Linux Foundation fork of Redis under a BSD licence, as a hedge against Redis licensing changes.",
        "context": (
            "Redis moved away from the BSD licence in 2024. As a managed-service customer we are not directly "
            "affected, but our tests, local development setups and two on-premise card processor adapters run Redis "
            "images whose licence terms our legal team now has to review at every upgrade.\n\n"
            "Valkey is the Linux Foundation fork created from Redis 7.2.4, is wire compatible with the clients we use "
            "and is backed by several large cloud providers. We want to know whether it can replace Redis in "
            "self-hosted and test use, and what a managed option on Azure would look like."
        ),
        "options": (
            "- Status quo: managed Redis on Azure plus Redis images for tests and the on-premise adapters\n- Valkey "
            "for tests and self-hosted adapters only, keeping managed Redis in production\n- Valkey everywhere, "
            "self-hosted on AKS with an operator\n- Remove Redis from the on-premise adapters altogether and use "
            "in-process caches"
        ),
        "scope": "Cloud Platform and Payments Platform; the card authorisation cache and API gateway rate limiting.",
        "exit_considerations": (
            "Valkey speaks the same protocol, so clients do not change. Moving back to Redis is a configuration change "
            "as long as we avoid Valkey-only commands and keep cached data disposable."
        ),
        "tags": ["caching", "licensing", "open-source"],
    },
    {
        "kind": "add",
        "blip": None,
        "technology_name": "Dapr",
        "quadrant": "platforms",
        "target_ring": "assess",
        "state": "declined",
        "proposer": "architect",
        "summary": "Sidecar runtime offering portable pub/sub, state and workflow APIs to lending services.",
        "context": (
            "Lending Engineering proposed Dapr to hide the differences between Azure Service Bus and Kafka behind one "
            "pub/sub API, and to get state management and workflows without picking a library after the MassTransit "
            "licence change.\n\n"
            "The review board declined it for now. The golden paths already provide messaging, outbox and resilience "
            "defaults, the sidecar adds a hop and another component to patch in the cardholder data environment, and a "
            "lowest-common-denominator pub/sub API would hide Service Bus sessions and Kafka partitioning, which our "
            "designs depend on."
        ),
        "options": (
            "- Status quo: golden-path messaging libraries over Azure Service Bus and Kafka\n- Dapr sidecars on AKS "
            "for pub/sub and state only\n- Dapr including Dapr Workflow as the MassTransit saga replacement"
        ),
        "scope": "Lending Engineering services on AKS; Cards Engineering was consulted but not in scope.",
        "exit_considerations": (
            "Applications would call Dapr's HTTP or gRPC APIs instead of broker SDKs; leaving means reintroducing "
            "broker clients in every service, which is why the board wanted the abstraction in our own libraries "
            "instead."
        ),
        "tags": ["kubernetes", "messaging", "architecture"],
    },
    {
        "kind": "add",
        "blip": None,
        "technology_name": "Pulumi",
        "quadrant": "tools",
        "target_ring": "assess",
        "state": "withdrawn",
        "proposer": "architect",
        "summary": "Infrastructure as code in C# and TypeScript so product teams need not learn HCL.",
        "context": (
            "Lending teams found HCL unfamiliar and were using Bicep partly for that reason. Pulumi lets teams write "
            "infrastructure in C#, TypeScript or Python with real loops, tests and IDE support.\n\n"
            "The proposal was withdrawn by its author after Azure Bicep went on Hold and the OpenTofu pilot started: "
            "the goal became one toolchain with shared modules, and golden-path templates mean most product teams no "
            "longer write infrastructure code at all."
        ),
        "options": (
            "- Status quo: Terraform modules maintained by Cloud Platform, Bicep in two lending teams\n- Pulumi for "
            "application-level infrastructure, Terraform for landing zones\n- OpenTofu everywhere, with golden-path "
            "templates so teams rarely touch infrastructure code"
        ),
        "scope": "Lending Engineering application infrastructure.",
        "exit_considerations": (
            "Pulumi can import existing resources and export state, but programs written in a general-purpose language "
            "do not convert mechanically to HCL; an exit would mean rewriting every stack."
        ),
        "tags": ["infrastructure-as-code", "developer-experience"],
    },
    {
        "kind": "add",
        "blip": None,
        "technology_name": "Wolverine",
        "quadrant": "languages-and-frameworks",
        "target_ring": "assess",
        "state": "needs_info",
        "proposer": "architect",
        "summary": "MIT-licensed .NET messaging and mediator framework as a candidate MassTransit replacement.",
        "context": (
            "With MassTransit on Hold, Lending Engineering needs a messaging approach for new .NET services. "
            "Wolverine, from the JasperFx team behind Marten, offers handlers, a transactional outbox, Azure Service "
            "Bus transport and saga support under the MIT licence.\n\n"
            "The board asked for more information before evaluating: the long-term support model and who besides the "
            "core maintainers contributes, benchmark results for Service Bus sessions at our peak of about 400 "
            "messages per second, and a worked example of migrating one existing MassTransit saga."
        ),
        "options": (
            "- Status quo: stay on MassTransit v8 until its support ends, then decide\n- Buy MassTransit v9 commercial "
            "licences\n- Wolverine for new services, migrating existing ones opportunistically\n- Thin in-house "
            "wrappers over the Azure Service Bus SDK in the .NET golden path"
        ),
        "scope": "All new .NET services in Lending Engineering; 23 existing services if migrated.",
        "exit_considerations": (
            "Wolverine handlers are plain classes, but its outbox and saga storage are framework specific. Keeping our "
            "own messaging interfaces in the golden path limits the blast radius of a later change."
        ),
        "tags": ["dotnet", "messaging", "lending"],
    },
    {
        "kind": "add",
        "blip": None,
        "technology_name": "Debezium",
        "quadrant": "tools",
        "target_ring": "assess",
        "state": "draft",
        "proposer": "architect",
        "summary": "Log-based change data capture to relay outbox rows to Kafka instead of polling.",
        "context": (
            "Our outbox relays poll PostgreSQL every 200 ms. At payday peaks the polling queries are among the most "
            "expensive statements on the payments database, and relay lag reached 9 seconds in March 2026, delaying "
            "fraud scoring.\n\n"
            "Debezium reads the PostgreSQL write-ahead log and publishes changes to Kafka, with an outbox event router "
            "that maps rows to topics. It could run as a managed connector on Confluent Cloud or on Kafka Connect in "
            "AKS."
        ),
        "options": (
            "- Status quo: polling relays from the golden-path outbox library, tuned per service\n- Debezium as a "
            "managed connector on Confluent Cloud\n- Debezium Server or Kafka Connect self-hosted on AKS\n- "
            "Listen/notify-triggered relays to cut polling load without CDC"
        ),
        "scope": "Payments Platform services with outboxes on PostgreSQL Flexible Server; ledger services first.",
        "exit_considerations": (
            "The outbox table stays the contract, so switching back to polling relays means redeploying the existing "
            "relay. Logical replication slots must be removed cleanly, or WAL retention will fill the disk."
        ),
        "tags": ["messaging", "streaming", "database"],
    },
    {
        "kind": "promote",
        "blip": "kotlin",
        "technology_name": "Kotlin",
        "quadrant": "languages-and-frameworks",
        "target_ring": "adopt",
        "state": "evaluating",
        "proposer": "architect",
        "summary": "Make Kotlin an equal first choice to Java for JVM product services.",
        "context": (
            "Kotlin has been in Trial since the first edition. Two Cards Engineering services and the Android app have "
            "run on it in production without language-related incidents, and the Spring Boot golden path already "
            "builds Kotlin services.\n\n"
            "Cards Engineering wants it in Adopt so that new card services can start in Kotlin without a case-by-case "
            "ADR. Payments Platform is concerned about review capacity and a split JVM skill base."
        ),
        "options": (
            "- Status quo: keep Kotlin in Trial, with new Kotlin services needing an ADR\n- Adopt Kotlin as an equal "
            "first choice for all JVM services\n- Adopt Kotlin for Cards Engineering and Android only, Java 21 "
            "remaining the default elsewhere"
        ),
        "scope": "All JVM product services; mainly Cards Engineering and Payments Platform.",
        "exit_considerations": (
            "Kotlin and Java interoperate fully, so a later reversal would freeze new Kotlin code rather than rewrite "
            "existing services. The Java to Kotlin direction in IntelliJ is automated; the reverse is not."
        ),
        "tags": ["jvm", "backend"],
    },
    {
        "kind": "hold",
        "blip": "azure-cosmos-db",
        "technology_name": "Azure Cosmos DB",
        "quadrant": "platforms",
        "target_ring": "hold",
        "state": "submitted",
        "proposer": "architect",
        "summary": "Put Azure Cosmos DB on Hold for new workloads, keeping card controls where they are.",
        "context": (
            "Cosmos DB moved back to Trial in 2026.1 because of cost. Since then two more teams have asked for new "
            "containers for workloads that are plain relational data, and FinOps reviews are turning into "
            "negotiations.\n\n"
            "This proposal puts it on Hold for new workloads, with card controls and digital session state continuing "
            "to run on it because their latency needs justify it."
        ),
        "options": (
            "- Status quo: Trial, with a FinOps capacity review for each new container\n- Hold for new workloads, "
            "existing workloads unaffected\n- Hold and migrate existing non-card workloads to PostgreSQL within a year"
        ),
        "scope": "All teams; the card controls and session state containers in Cards Engineering are excluded.",
        "exit_considerations": (
            "A Hold is easy to reverse through a later proposal. Teams with a real need for multi-region writes or "
            "single-digit millisecond reads can still get an exception through an ADR."
        ),
        "tags": ["database", "azure", "cost"],
    },
]

# Not re-affirmed since the imported estate of 2025: these fade (stay searchable, are not drawn).
# Every other blip was re-affirmed at the 2026.1 review (REAFFIRMED_ON).
FADED: list[str] = ["blue-green-deployment", "jenkins-freestyle-jobs", "angularjs"]
REAFFIRMED_ON = "2026-05-19"
