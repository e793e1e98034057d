"""The names the demo draws its fictitious people from, by community or country: common
given names (women's, men's) and family names, combined at random, so that no one drawn
is a real, identifiable person. Family names that change with sex (Macedonian -ski/-ska,
Russian-style -ov/-ova) are kept in their men's form and turned by `family_name`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Names:
    women: tuple[str, ...]
    men: tuple[str, ...]
    family: tuple[str, ...]
    feminine_endings: tuple[tuple[str, str], ...] = ()  # (men's ending, women's ending)

    def family_name(self, name: str, *, woman: bool) -> str:
        for ending, feminine in self.feminine_endings if woman else ():
            if name.endswith(ending):
                return name[: -len(ending)] + feminine
        return name


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ALBANIAN_WOMEN = _split(
    "Albulena Arbnora Arbresha Besarta Blerta Diellza Donjeta Drita Edona Egzona Elira "
    "Erblina Fjolla Gentiana Hana Jehona Kaltrina Leonora Liridona Lirije Merita Mimoza "
    "Njomza Qendresa Rinora Shqipe Teuta Valbona Vlora Yllka Zana Ardiana Lumnije Bleona"
)
ALBANIAN_MEN = _split(
    "Agon Alban Arbër Ardit Armend Besnik Blerim Bujar Dardan Dren Driton Egzon Erion "
    "Fatos Gentrit Granit Ilir Kushtrim Labinot Leutrim Lirim Mentor Shpend Valon Visar Ylli"
)
KOSOVO_ALBANIAN = Names(
    ALBANIAN_WOMEN,
    ALBANIAN_MEN,
    _split(
        "Ahmeti Avdiu Bajrami Beqiri Berisha Bytyqi Gashi Halili Hasani Hoxha Hyseni "
        "Ismaili Kastrati Kelmendi Krasniqi Kryeziu Latifi Maloku Morina Mustafa Musliu "
        "Ramadani Rexhepi Salihu Shala Sylejmani Tahiri Zeqiri Sopi Demaku Mehmeti Bunjaku"
    ),
)
ALBANIA = Names(
    _split(
        "Anisa Ardita Brikena Denisa Elsa Enkeleda Ermira Jonida Kejsi Klea Megi Rovena "
        "Sara Xhesika Orgesa Juliana Erisa Amarilda Fatbardha"
    ),
    _split("Arben Dritan Elton Ervis Fatjon Gentian Klodian Kristi Mario Erjon Sokol"),
    _split(
        "Bregu Cela Dema Dervishi Duka Gjoka Hysa Koçi Kola Leka Marku Muça Prifti Shehu "
        "Topalli Xhafa Lika Ndreu Zefi"
    ),
)
SERBIAN = Names(
    _split(
        "Aleksandra Ana Danijela Dragana Ivana Jelena Jelica Jovana Katarina Marija Milena "
        "Milica Nevena Sanja Snežana Teodora Tijana Vesna Gordana Biljana"
    ),
    _split("Aleksandar Bojan Dejan Dušan Lazar Marko Miloš Nemanja Nikola Stefan Uroš Vladimir"),
    _split(
        "Arsić Denić Đorđević Ilić Jevtić Jovanović Kostić Lazić Marković Milenković Mitić "
        "Nikolić Petrović Popović Radić Savić Simić Stanković Stojković Todić Todorović "
        "Trajković Zdravković"
    ),
)
ROMA = Names(
    _split(
        "Ajshe Anita Dajana Elmaze Esmeralda Fatime Hatixhe Jasmina Medina Melisa Sabrije "
        "Samanta Sanije Selvije Shpresa Xhemile Senada Elvira"
    ),
    _split("Adnan Amir Bekim Elvis Enis Erkan Fatmir Gezim Ismet Muhamet Ramadan Sabit Samir"),
    _split(
        "Alija Avdiu Bajrami Berisha Demiri Durmishi Hamiti Hasani Ibrahimi Kurteshi Mehmeti "
        "Mustafi Salihi Sejdiu Shabani Krasniqi Gashi Rama"
    ),
)
ASHKALI_EGYPTIAN = Names(
    _split(
        "Ajshe Drita Fatime Hanife Lumturije Merita Mirvete Nexhmije Sabrije Shpresa Valdete "
        "Vjollca Zelfije Arlinda Sevdije Kimete"
    ),
    _split("Bekim Burim Fatmir Florim Gazmend Hysen Ilir Nexhat Sabit Sami Skender Valdet"),
    _split(
        "Abazi Ademi Ajeti Asllani Bajrami Berisha Demiri Gashi Gjoshi Hajdini Qerimi "
        "Rrahmani Sadiku Salihu Zeqiri Haziri Jakupi Morina"
    ),
)
TURKISH = Names(
    _split(
        "Ayşe Büşra Derya Ebru Elif Emine Esra Fatma Gülşen Merve Nur Selin Sevgi Zeynep "
        "Aylin Melek Hülya"
    ),
    _split("Burak Cem Emre Erdem Kemal Mehmet Murat Mustafa Okan Serkan Yusuf Hakan Volkan"),
    _split(
        "Arslan Aydın Bayraktar Çelik Demir Doğan Kaya Kılıç Özdemir Şahin Yıldız Güneş "  # noqa: RUF001
        "Koç Kurt Öztürk Tekin"
    ),
)
BOSNIAK_GORANI = Names(
    _split("Adisa Aida Ajla Almedina Amra Emina Lejla Medina Merima Nermina Sabina Selma Aldina"),
    _split("Admir Amar Armin Edin Elvir Emir Haris Kenan Mirza Senad Tarik"),
    _split(
        "Alić Bajramović Begić Delić Ferizović Hadžić Hodžić Husić Kurtović Mehmedović "
        "Omerović Ramić Salihović Šabani Dautović"
    ),
)
MACEDONIAN = Names(
    _split(
        "Aleksandra Ana Biljana Elena Ivana Jovana Katerina Maja Marija Monika Sara Simona "
        "Teodora Frosina Verica"
    ),
    _split("Aleksandar Bojan Darko Dimitar Filip Goran Igor Nikola Stefan Zoran"),
    _split(
        "Angelovski Dimitrovski Jovanovski Kostovski Nikolovski Petrovski Ristovski "
        "Spasovski Stojanovski Trajkovski Velkovski Mitrev Stojanov Nikolov"
    ),
    (("ski", "ska"), ("ev", "eva"), ("ov", "ova")),
)
MACEDONIA_ALBANIAN = Names(
    ALBANIAN_WOMEN,
    ALBANIAN_MEN,
    _split("Aliu Ameti Bajrami Iseni Jusufi Memeti Rushiti Sadiku Selmani Zendeli Xhaferi"),
)
MOLDOVAN = Names(
    _split(
        "Alexandra Ana Corina Cristina Diana Doina Elena Irina Ludmila Maria Mihaela "
        "Natalia Olga Tatiana Victoria Viorica Angela"
    ),
    _split("Alexandru Andrei Dumitru Igor Ion Mihai Nicolae Sergiu Vasile Vitalie"),
    _split(
        "Bălan Botnari Ceban Ciobanu Cojocaru Guțu Lungu Melnic Moraru Munteanu Popa "
        "Postolachi Roșca Rusu Sârbu Țurcan Grosu"
    ),
)
UKRAINIAN = Names(
    _split(
        "Alina Anastasiia Daryna Iryna Kateryna Khrystyna Mariia Nataliia Oksana Olena "
        "Svitlana Tetiana Viktoriia Yuliia Halyna"
    ),
    _split("Andrii Dmytro Ivan Mykola Oleksandr Serhii Taras Vasyl Yurii Bohdan"),
    _split(
        "Boiko Bondarenko Koval Kovalenko Kravchenko Lysenko Marchenko Melnyk Moroz Oliinyk "
        "Petrenko Rudenko Savchenko Shevchuk Tkachenko Hnatiuk"
    ),
)
BANGLADESHI = Names(
    _split("Fatema Nasrin Nusrat Rina Shirin Sumaiya Taslima Rokeya"),
    _split(
        "Arif Habib Jahid Karim Mizanur Nayeem Rahim Rakib Rasel Shahin Sohel Tanvir Jamal "
        "Mamun Sabbir"
    ),
    _split("Ahmed Alam Chowdhury Hossain Islam Khan Miah Rahman Sarker Uddin Mollah Sheikh"),
)
FILIPINO = Names(
    _split(
        "Analyn Grace Jennifer Joanna Jocelyn Kristine Lorna Maricel Marites Rochelle "
        "Rowena Janelle Liezel Arlene"
    ),
    _split("Jerome Jose Mark Rodel Ronaldo Jomar Ariel"),
    _split(
        "Bautista Castillo Cruz Dizon Flores Garcia Gonzales Mendoza Ramos Reyes Santos "
        "Villanueva Manalo Pascual"
    ),
)
