import factory

from contacts.models import (
    Contact,
    Conversation,
    DevelopmentLevel,
    phone_lookup_hash,
)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    name = factory.Sequence(lambda n: f"Contact {n}")
    phone = ""
    phone_hash = factory.LazyAttribute(lambda o: phone_lookup_hash(o.phone))


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    contact = factory.SubFactory(ContactFactory)
    channel = Conversation.Channel.SERVE


def development_level(name: str) -> DevelopmentLevel:
    """The seeded levels (migration 0003), re-created if a transactional test flushed them."""
    seeded = {"Advanced": (30, True), "Intermediate": (20, True), "Backward": (10, False)}
    rank, drawn_in = seeded[name]
    level, _ = DevelopmentLevel.objects.get_or_create(
        rank=rank, defaults={"name": name, "counts_as_drawn_in": drawn_in}
    )
    return level
