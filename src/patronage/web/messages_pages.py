from patronage.core import i18n

i18n.register({})
