"""Reading rendered pages in tests: the HTML with its whitespace squeezed, so that
assertions name the exact markup and wording without the template's indentation."""


def squeeze(html: str) -> str:
    return " ".join(html.split())


def get_page(client, url: str, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return squeeze(response.content.decode())
